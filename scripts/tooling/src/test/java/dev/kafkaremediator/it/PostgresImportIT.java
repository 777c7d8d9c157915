package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.config.HistorySettings;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.evaluate.FileFindingStore;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.guard.FileActionLedger;
import dev.kafkaremediator.history.FileHistoryStore;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.state.postgres.FileStateImport;
import dev.kafkaremediator.state.postgres.PostgresStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A state directory written by the file stores, imported into a real PostgreSQL, read back through
 * the PostgreSQL stores; imported again with nothing added; and the same through the command line
 * ({@code remediator import-state}), after which {@code remediator audit} reads the database.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the shared cluster's tests (junit-platform.properties)
@ResourceLock("PostgresImportIT")
@Order(1)
@ExtendWith(PostgresExtension.class)
class PostgresImportIT {
    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
    private static final HistorySettings HISTORY = new HistorySettings(Duration.ofDays(30), Duration.ofMinutes(1), 200);

    @TempDir
    Path stateDir;

    private final Clock clock = Clock.systemUTC();

    private void writeFileState() throws Exception {
        StateWriteLock lock = StateWriteLock.in(stateDir);
        FileHistoryStore history = new FileHistoryStore(stateDir.resolve("history"), Duration.ofDays(30), Duration.ofMinutes(1), clock, lock);
        for (int i = 0; i < 3; i++) {
            history.append("local", new Sample(T.plus(Duration.ofMinutes(i)), Map.of("x", (double) i)));
        }
        history.append("other", new Sample(T, Map.of("x", 9.0)));
        OpenFinding finding = new OpenFinding("p/local/broker/1", "p", "broker 1", "critical", T, T.plusSeconds(60), 2, "high", List.of("notify"), "");
        new FileFindingStore(stateDir.resolve("findings")).save("local", Map.of(finding.key(), finding));
        FileActionLedger ledger = new FileActionLedger(stateDir.resolve("actions"), clock, lock);
        ledger.record("local", "trim", "topics t", T);
        ledger.record("local", "notify", "finding-1", T.plusSeconds(5));
        FileAuditLog audit = FileAuditLog.in(stateDir, lock, clock);
        audit.append(new AuditEvent(T, "act-1", "start", "local", "remediator", false, Map.of("step", "trim")));
        audit.append(new AuditEvent(T.plusSeconds(1), "act-1", "end", "local", "remediator", false, Map.of("result", "effective")));
        audit.append(new AuditEvent(T.plusSeconds(1), "act-1", "end", "local", "remediator", false, Map.of("result", "effective")));
        new FileRollJournal(stateDir.resolve("rolls")).save(new RollJournal.Roll("roll-1", "local", T, List.of(1, 2),
                Map.of(1, new RollJournal.BrokerProgress(RollJournal.BrokerState.DONE, T, 1, ""),
                        2, new RollJournal.BrokerProgress(RollJournal.BrokerState.RESTARTING, T, 1, "")), RollJournal.Status.RUNNING, ""));
    }

    @Test
    void fileStateImportedTwiceIsThereOnceAndReadsBackThroughThePostgresStores(RunningPostgres postgres) throws Exception {
        writeFileState();
        try (PostgresStores stores = PostgresStores.over(postgres.open(postgres.newSchema("importer")), HISTORY, clock)) {
            FileStateImport.Report first = new FileStateImport(stateDir, stores, clock, line -> { }).run();
            FileStateImport.Report second = new FileStateImport(stateDir, stores, clock, line -> { }).run();

            assertThat(first.counts()).extracting(FileStateImport.Count::imported).containsExactly(4, 1, 2, 3, 1);
            assertThat(second.counts()).extracting(FileStateImport.Count::imported).containsExactly(0, 0, 0, 0, 0);
            assertThat(second.counts()).extracting(FileStateImport.Count::present).containsExactly(4, 1, 2, 3, 1);
            assertThat(first.skipped()).isEmpty();

            assertThat(stores.history().read("local", Instant.EPOCH).samples()).extracting(s -> s.values().get("x")).containsExactly(0.0, 1.0, 2.0);
            assertThat(stores.history().read("other", Instant.EPOCH).samples()).hasSize(1);
            assertThat(stores.findings().load("local")).containsOnlyKeys("p/local/broker/1");
            assertThat(stores.findings().load("local").get("p/local/broker/1").attempted()).containsExactly("notify");
            assertThat(stores.ledger().runs("local", "trim", "topics t", Instant.EPOCH)).containsExactly(T);
            List<AuditEvent> events = stores.audit().read(Instant.EPOCH).events();
            assertThat(events).extracting(AuditEvent::event).containsExactly("start", "end", "end");
            assertThat(events.get(0).details()).isEqualTo(Map.of("step", "trim"));
            assertThat(stores.journal().load("local").orElseThrow().remaining()).containsExactly(2);
        }
    }

    @Test
    void aFindingResolvedSinceTheImportIsNotBroughtBackByTheNextOne(RunningPostgres postgres) throws Exception {
        writeFileState();
        try (PostgresStores stores = PostgresStores.over(postgres.open(postgres.newSchema("resolved")), HISTORY, clock)) {
            new FileStateImport(stateDir, stores, clock, line -> { }).run();
            // The daemon, now on PostgreSQL, evaluates the policy and the finding resolves: the cluster has none open.
            stores.findings().save("local", Map.of());

            FileStateImport.Report again = new FileStateImport(stateDir, stores, clock, line -> { }).run();

            assertThat(stores.findings().load("local")).as("resolved stays resolved").isEmpty();
            assertThat(again.counts()).filteredOn(c -> c.kind().equals("findings")).singleElement()
                    .satisfies(c -> assertThat(List.of(c.read(), c.imported(), c.present())).containsExactly(1, 0, 1));
        }
    }

    @Test
    void theCommandImportsIntoTheConfiguredDatabaseAndAuditReadsItFromThere(RunningPostgres postgres) throws Exception {
        writeFileState();
        StoreSettings.Postgres settings = postgres.newSchema("cli");
        Path conf = stateDir.resolveSibling(stateDir.getFileName() + ".conf");
        Files.writeString(conf, """
                remediator {
                  state-dir = "%s"
                  store.postgres { url = "%s", user = %s, schema = %s, instance-id = "cli-test" }
                }
                """.formatted(stateDir.resolve("unused"), settings.url(), settings.user(), settings.schema()), StandardCharsets.UTF_8);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "import-state", "-c", conf.toString(), "--from-dir", stateDir.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("audit", "3 imported").contains("history", "4 imported");

        StringWriter again = new StringWriter();
        assertThat(RemediatorCli.execute(new PrintWriter(again, true), new PrintWriter(err, true),
                "import-state", "-c", conf.toString(), "--from-dir", stateDir.toString())).isZero();
        assertThat(again.toString()).contains("0 imported").doesNotContain("1 imported");

        StringWriter audit = new StringWriter();
        assertThat(RemediatorCli.execute(new PrintWriter(audit, true), new PrintWriter(err, true), "audit", "-c", conf.toString(), "--since", "1d"))
                .as(err.toString()).isZero();
        assertThat(audit.toString().lines()).hasSize(3).first().asString().contains("act-1", "start");
    }
}
