package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.evaluate.FileFindingStore;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.guard.FileActionLedger;
import dev.kafkaremediator.history.FileHistoryStore;
import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.state.StateWriteLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one-shot move of one instance's file state (a state directory) into PostgreSQL, read through
 * the file stores themselves, so whatever they skip as damaged is skipped and reported here too.
 * Idempotent: history samples and ledger runs are keyed by cluster and time; audit records by a
 * digest of their content (and their rank among identical ones); open findings and roll journals
 * are copied only for clusters that have none in the database yet, so a database already in use
 * keeps what its instances wrote. A cluster's findings are decided once ({@code state_import}):
 * "none in the database" after an import means they resolved since, and importing them again would
 * bring them back. The files are left as they were.
 */
public final class FileStateImport {
    /** What one kind of state came to: records read from the files, newly written, already in the database. */
    public record Count(String kind, int read, int imported, int present) {
        @Override
        public String toString() {
            return String.format("%-9s %6d read, %6d imported, %6d already there", kind, read, imported, present);
        }
    }

    public record Report(List<Count> counts, List<String> skipped) {
        public Report {
            counts = List.copyOf(counts);
            skipped = List.copyOf(skipped);
        }
    }

    private static final String IMPORTED_BY = "import";
    private static final String FINDINGS = "findings";

    private final Path stateDir;
    private final PostgresStores target;
    private final Clock clock;
    private final Consumer<String> progress;
    private final List<String> skipped = new ArrayList<>();

    public FileStateImport(Path stateDir, PostgresStores target, Clock clock, Consumer<String> progress) {
        this.stateDir = stateDir;
        this.target = target;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Imports everything found under the state directory.
     *
     * @throws StateStoreException when the database refuses a write (what was written before stays: run it again)
     */
    public Report run() throws IOException {
        StateWriteLock lock = StateWriteLock.in(stateDir);
        List<Count> counts = new ArrayList<>();
        counts.add(history(lock));
        counts.add(findings());
        counts.add(ledger(lock));
        counts.add(audit(lock));
        counts.add(rolls());
        return new Report(counts, skipped);
    }

    private String importer() {
        return IMPORTED_BY + ":" + target.database().instanceId();
    }

    private Count history(StateWriteLock lock) throws IOException {
        // Retention as long as allowed: the import copies what is there; the database's own retention prunes later.
        FileHistoryStore files = new FileHistoryStore(stateDir.resolve("history"), Duration.ofDays(3650), Duration.ofSeconds(1), clock, lock);
        int read = 0;
        int imported = 0;
        for (String cluster : names(stateDir.resolve("history"), true, "")) {
            HistoryStore.HistoryRead history;
            try {
                history = files.read(cluster, Instant.EPOCH);
            } catch (HistoryException e) {
                skipped.add("history of " + cluster + ": " + e.getMessage());
                continue;
            }
            skipped.addAll(history.skipped());
            read += history.samples().size();
            imported += sql("history of " + cluster, () -> Sql.inTransaction(target.database().pool(), c -> {
                int n = 0;
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO history_sample (cluster, at, vals) VALUES (?, ?, ?::jsonb) ON CONFLICT (cluster, at) DO NOTHING")) {
                    for (Sample sample : history.samples()) {
                        insert.setString(1, cluster);
                        Sql.set(insert, 2, sample.time());
                        insert.setString(3, PostgresHistoryStore.json(sample));
                        n += insert.executeUpdate();
                    }
                }
                return n;
            }));
            progress.accept("history " + cluster + ": " + history.samples().size() + " samples");
        }
        return new Count("history", read, imported, read - imported);
    }

    private Count findings() throws IOException {
        FileFindingStore files = new FileFindingStore(stateDir.resolve("findings"));
        int read = 0;
        int imported = 0;
        int present = 0;
        for (String cluster : names(stateDir.resolve("findings"), false, ".json")) {
            Map<String, OpenFinding> open;
            try {
                open = files.load(cluster);
            } catch (HistoryException e) {
                skipped.add("open findings of " + cluster + ": " + e.getMessage());
                continue;
            }
            read += open.size();
            try {
                if (decided(cluster, FINDINGS) || !target.findings().load(cluster).isEmpty()) {
                    present += open.size();
                } else {
                    target.findings().save(cluster, open);
                    imported += open.size();
                }
                decide(cluster, FINDINGS);
            } catch (HistoryException e) {
                throw new StateStoreException(e.getMessage(), e);
            }
        }
        return new Count("findings", read, imported, present);
    }

    /** Whether an earlier import decided {@code kind} of {@code cluster} (imported it, or found the database's own). */
    private boolean decided(String cluster, String kind) {
        return sql("import record of " + cluster, () -> Sql.withConnection(target.database().pool(), c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM state_import WHERE cluster = ? AND kind = ?")) {
                select.setString(1, cluster);
                select.setString(2, kind);
                try (java.sql.ResultSet rs = select.executeQuery()) {
                    return rs.next() ? 1 : 0;
                }
            }
        })) == 1;
    }

    private void decide(String cluster, String kind) {
        sql("import record of " + cluster, () -> Sql.inTransaction(target.database().pool(), c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO state_import (cluster, kind, at, instance_id) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (cluster, kind) DO NOTHING")) {
                insert.setString(1, cluster);
                insert.setString(2, kind);
                Sql.set(insert, 3, clock.instant());
                insert.setString(4, importer());
                return insert.executeUpdate();
            }
        }));
    }

    private Count ledger(StateWriteLock lock) throws IOException {
        FileActionLedger files = new FileActionLedger(stateDir.resolve("actions"), clock, lock);
        int read = 0;
        int imported = 0;
        for (String cluster : names(stateDir.resolve("actions"), false, ".jsonl")) {
            List<FileActionLedger.Run> runs = files.all(cluster);
            read += runs.size();
            imported += sql("action ledger of " + cluster, () -> Sql.inTransaction(target.database().pool(), c -> {
                Sql.lockCluster(c, cluster);
                int n = 0;
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO action_run (cluster, action, target, at, instance_id)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cluster, action, target, at) DO NOTHING")) {
                    for (FileActionLedger.Run run : runs) {
                        insert.setString(1, cluster);
                        insert.setString(2, run.action());
                        insert.setString(3, run.target());
                        Sql.set(insert, 4, run.at());
                        insert.setString(5, importer());
                        n += insert.executeUpdate();
                    }
                }
                return n;
            }));
        }
        return new Count("ledger", read, imported, read - imported);
    }

    private Count audit(StateWriteLock lock) {
        if (!Files.isDirectory(stateDir.resolve("audit"))) {
            return new Count("audit", 0, 0, 0);
        }
        AuditLog.Read read;
        try {
            read = FileAuditLog.in(stateDir, lock, clock).read(Instant.EPOCH);
        } catch (AuditException e) {
            skipped.add("audit: " + e.getMessage());
            return new Count("audit", 0, 0, 0);
        }
        skipped.addAll(read.skipped());
        List<AuditEvent> events = read.events();
        int imported = sql("audit", () -> Sql.inTransaction(target.database().pool(), c -> {
            Map<String, Integer> seen = new HashMap<>();
            int n = 0;
            for (AuditEvent event : events) {
                String digest = digest(event);
                int rank = seen.merge(digest, 1, Integer::sum);
                if (PostgresAuditLog.insert(c, event, importer(), Optional.of(digest + "#" + rank))) {
                    n++;
                }
            }
            return n;
        }));
        progress.accept("audit: " + events.size() + " records");
        return new Count("audit", events.size(), imported, events.size() - imported);
    }

    private Count rolls() throws IOException {
        FileRollJournal files = new FileRollJournal(stateDir.resolve("rolls"));
        int read = 0;
        int imported = 0;
        int present = 0;
        for (String cluster : names(stateDir.resolve("rolls"), false, ".json")) {
            try {
                Optional<RollJournal.Roll> roll = files.load(cluster);
                if (roll.isEmpty()) {
                    continue;
                }
                read++;
                if (target.journal().load(cluster).isPresent()) {
                    present++;
                    continue;
                }
                target.journal().save(roll.get());
                imported++;
            } catch (ActionFailure e) {
                skipped.add("roll journal of " + cluster + ": " + e.getMessage());
            }
        }
        return new Count("rolls", read, imported, present);
    }

    /** A digest of everything a record says, as the key that makes its import happen once. */
    static String digest(AuditEvent event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String content = String.join("\u0000", event.time().toString(), event.actionId(), event.event(), event.cluster(), event.actor(),
                    Boolean.toString(event.dryRun()), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event.details()));
            return "sha256:" + HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot digest an audit record: " + e.getMessage(), e);
        }
    }

    /** Cluster names in {@code dir}: sub-directories, or files with {@code suffix}, sorted. */
    private static List<String> names(Path dir, boolean directories, String suffix) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            listing.forEach(p -> {
                String name = p.getFileName().toString();
                if (directories ? Files.isDirectory(p) : Files.isRegularFile(p) && name.endsWith(suffix)) {
                    names.add(directories ? name : name.substring(0, name.length() - suffix.length()));
                }
            });
        }
        return List.copyOf(names);
    }

    @FunctionalInterface
    private interface Write {
        int run() throws SQLException;
    }

    private static int sql(String what, Write write) {
        try {
            return write.run();
        } catch (SQLException e) {
            throw new StateStoreException("cannot import the " + what + " into the state database: " + e.getMessage(), e);
        }
    }
}
