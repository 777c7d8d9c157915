package dev.kafkaremediator.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaremediator.state.AtomicFiles;
import dev.kafkaremediator.state.StateFiles;
import dev.kafkaremediator.state.FutureDated;
import dev.kafkaremediator.state.LineReader;
import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.state.TornTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as JSON lines per cluster ({@code <dir>/<cluster>.jsonl}). Unreadable lines (damaged,
 * not UTF-8) are skipped and reported once: a run forgotten is a cooldown shortened, which the audit
 * of that run still shows. Every read and append holds the state directory's write lock, so
 * {@link #recordIfAllowed} is one step for every thread and process sharing the directory.
 *
 * <p>An entry dated in the future (written while the clock was ahead) would hold its cooldown until
 * that date. The first time one is read it is corrected by an appended entry that moves it to now
 * ({@code "corrects": <its time>}), reported once: it then holds no longer than its own cooldown
 * from the moment it was noticed, and the file still shows what was written.
 */
public final class FileActionLedger implements ActionLedger {
    private static final Logger LOG = LoggerFactory.getLogger(FileActionLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Clock clock;
    private final StateWriteLock lock;
    private final Set<String> reportedDamage = ConcurrentHashMap.newKeySet();

    /** A ledger on its own (tools, tests): the system clock and a write lock in {@code dir}, so no other store shares it in this process. */
    public FileActionLedger(Path dir) {
        this(dir, Clock.systemUTC(), StateWriteLock.in(dir));
    }

    /** {@code lock}: the state directory's write lock, shared with every other store of that directory in this process. */
    public FileActionLedger(Path dir, Clock clock, StateWriteLock lock) {
        this.dir = dir;
        this.clock = clock;
        this.lock = lock;
    }

    /** One run as written; {@code corrects} is the future time a correction entry replaces. */
    private record Entry(Instant at, String action, String target, Instant corrects) {
        boolean isFor(String a, String t) {
            return action.equals(a) && target.equals(t);
        }
    }

    @Override
    public List<Instant> runs(String cluster, String action, String target, Instant since) {
        try (StateWriteLock.Held held = lock.hold()) {
            return runsHeld(cluster, action, target, since);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the action ledger " + file(cluster) + ": " + StateFiles.describe(e), e);
        }
    }

    @Override
    public void record(String cluster, String action, String target, Instant at) {
        try (StateWriteLock.Held held = lock.hold()) {
            append(cluster, entry(action, target, at));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the action ledger " + file(cluster) + ": " + StateFiles.describe(e), e);
        }
    }

    @Override
    public Verdict recordIfAllowed(String cluster, String action, String target, Instant since, Instant at, Function<List<Instant>, Verdict> check) {
        try (StateWriteLock.Held held = lock.hold()) {
            Verdict verdict = check.apply(runsHeld(cluster, action, target, since));
            if (verdict.allowed()) {
                append(cluster, entry(action, target, at));
            }
            return verdict;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check and record in the action ledger " + file(cluster) + ": " + StateFiles.describe(e), e);
        }
    }

    /** One run as the guard counts it: a corrected run at the time its correction gives. */
    public record Run(String action, String target, Instant at) { }

    /**
     * Every run of the cluster, oldest first, read without writing anything (a run dated in the
     * future stays as it is): what the one-shot import into PostgreSQL copies.
     */
    public List<Run> all(String cluster) {
        try (StateWriteLock.Held held = lock.hold()) {
            List<Entry> entries = entries(cluster);
            Set<Entry> corrected = new java.util.HashSet<>();
            entries.stream().filter(e -> e.corrects() != null).forEach(c -> corrected.add(new Entry(c.corrects(), c.action(), c.target(), null)));
            return entries.stream().filter(e -> e.corrects() != null || !corrected.contains(e))
                    .map(e -> new Run(e.action(), e.target(), e.at())).sorted(java.util.Comparator.comparing(Run::at)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the action ledger " + file(cluster) + ": " + e.getMessage(), e);
        }
    }

    private List<Instant> runsHeld(String cluster, String action, String target, Instant since) throws IOException {
        Instant now = clock.instant();
        List<Entry> entries = entries(cluster);
        Map<Entry, Instant> corrected = new HashMap<>();
        entries.stream().filter(e -> e.corrects() != null).forEach(c -> corrected.put(new Entry(c.corrects(), c.action(), c.target(), null), c.at()));
        List<Instant> out = new ArrayList<>();
        for (Entry e : entries) {
            Instant at = e.at();
            if (e.corrects() == null && corrected.containsKey(e)) {
                continue; // its correction is the run
            }
            if (e.corrects() == null && FutureDated.isFuture(at, now)) {
                append(cluster, entry(e.action(), e.target(), now).put("corrects", at.toString()));
                corrected.put(e, now);
                LOG.warn("cluster={} action ledger {}: {} on {} is dated {}, after now ({}): written while the clock was ahead; counted as run now, "
                        + "so its cooldown holds from now, not until that date", cluster, file(cluster), e.action(), e.target(), at, now);
                at = now;
            }
            if (e.isFor(action, target) && !at.isBefore(since)) {
                out.add(at);
            }
        }
        out.sort(null);
        return out;
    }

    private List<Entry> entries(String cluster) throws IOException {
        Path file = file(cluster);
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try (InputStream in = Files.newInputStream(file)) {
            LineReader.read(in, (number, line) -> {
                try {
                    JsonNode node = JSON.readTree(line);
                    JsonNode corrects = node.get("corrects");
                    entries.add(new Entry(Instant.parse(node.get("at").asText()), node.get("action").asText(), node.get("target").asText(),
                            corrects == null ? null : Instant.parse(corrects.asText())));
                } catch (IOException | RuntimeException damaged) {
                    reportDamage(file, number, "not a ledger entry");
                }
            }, number -> reportDamage(file, number, "bytes that are not UTF-8"));
        }
        return entries;
    }

    private void reportDamage(Path file, long number, String why) {
        if (reportedDamage.add(file + ":" + number)) {
            LOG.warn("action ledger {}:{}: {}, skipped (that run no longer counts against its cooldown)", file, number, why);
        }
    }

    /** Under the write lock. */
    private void append(String cluster, ObjectNode node) throws IOException {
        Path file = file(cluster);
        StateFiles.createDirectories(dir);
        TornTail.repair(file, clock.instant());
        boolean created = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap((node + "\n").getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (created) {
            AtomicFiles.syncDirectory(dir);
        }
    }

    private static ObjectNode entry(String action, String target, Instant at) {
        return JSON.createObjectNode().put("at", at.toString()).put("action", action).put("target", target);
    }

    private Path file(String cluster) {
        return dir.resolve(cluster + ".jsonl");
    }
}
