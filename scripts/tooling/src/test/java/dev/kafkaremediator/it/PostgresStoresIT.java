package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.config.HistorySettings;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.guard.CooldownGuard;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.state.postgres.PostgresDatabase;
import dev.kafkaremediator.state.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The PostgreSQL stores against a real PostgreSQL: the same contracts as the file stores' tests
 * (history's minimum interval, retention and clock steps; findings replaced whole; the ledger's
 * cooldown and future-dated runs; the audit's order; the roll journal and its way out), plus what
 * only a shared database has: the instance id on each audit record.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the shared cluster's tests (junit-platform.properties)
@ResourceLock("PostgresStoresIT")
@Order(1)
@ExtendWith(PostgresExtension.class)
class PostgresStoresIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final HistorySettings HISTORY = new HistorySettings(Duration.ofDays(30), Duration.ofMinutes(1), 200);
    private static final ActionLimits ONE_HOUR = new ActionLimits(true, Duration.ofHours(1), 10);

    private final MutableClock clock = new MutableClock(T0);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RunningPostgres postgres;
    private StoreSettings.Postgres settings;

    @BeforeEach
    void freshSchema(RunningPostgres postgres) {
        this.postgres = postgres;
        this.settings = postgres.newSchema("it-a");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** The stores as one instance sees them; a second call is a second instance (its own pool) on the same schema. */
    private PostgresStores stores(HistorySettings history) {
        PostgresStores stores = PostgresStores.over(postgres.open(settings), history, clock);
        opened.add(stores);
        return stores;
    }

    private PostgresStores stores() {
        return stores(HISTORY);
    }

    private static List<Double> xs(HistoryStore.HistoryRead read) {
        return read.samples().stream().map(s -> s.values().get("x")).toList();
    }

    @Test
    void samplesSurviveAnotherInstanceAndComeBackOldestFirst() throws Exception {
        stores().history().append("local", new Sample(T0, Map.of("x", 100.0)));
        stores().history().append("local", new Sample(T0.plusSeconds(60), Map.of("x", 160.0, "y", 1.5)));
        stores().history().append("other", new Sample(T0, Map.of("x", 7.0)));

        HistoryStore.HistoryRead read = stores().history().read("local", T0.minusSeconds(1));

        assertThat(read.samples()).extracting(Sample::time).containsExactly(T0, T0.plusSeconds(60));
        assertThat(read.samples().get(1).values()).isEqualTo(Map.of("x", 160.0, "y", 1.5));
        assertThat(read.skipped()).isEmpty();
    }

    @Test
    void theMinimumIntervalHoldsAcrossInstances() throws Exception {
        assertThat(stores().history().append("local", new Sample(T0, Map.of("x", 1.0)))).isTrue();
        assertThat(stores().history().append("local", new Sample(T0.plusSeconds(59), Map.of("x", 2.0)))).as("59 s after: skipped").isFalse();
        assertThat(stores().history().append("local", new Sample(T0.plusSeconds(60), Map.of("x", 3.0)))).as("60 s after: recorded").isTrue();
        assertThat(stores().history().append("other", new Sample(T0.plusSeconds(1), Map.of("x", 4.0)))).as("another cluster").isTrue();
    }

    @Test
    void readReturnsOnlySamplesSinceTheGivenInstant() throws Exception {
        PostgresStores stores = stores();
        for (int i = 0; i < 5; i++) {
            stores.history().append("local", new Sample(T0.plus(Duration.ofMinutes(i)), Map.of("x", (double) i)));
        }
        assertThat(xs(stores.history().read("local", T0.plus(Duration.ofMinutes(2))))).containsExactly(2.0, 3.0, 4.0);
        assertThat(stores.history().read("local", Instant.MIN).samples()).hasSize(5);
    }

    @Test
    void samplesOlderThanTheRetentionAreDeletedOnANewDay() throws Exception {
        PostgresStores stores = stores(new HistorySettings(Duration.ofDays(2), Duration.ofMinutes(1), 200));
        stores.history().append("local", new Sample(T0, Map.of("x", 1.0)));
        clock.advance(Duration.ofDays(3));
        stores.history().append("local", new Sample(clock.instant(), Map.of("x", 2.0)));

        assertThat(xs(stores.history().read("local", Instant.EPOCH))).containsExactly(2.0);
    }

    @Test
    void aSampleFromTheFutureDoesNotStopRecording() throws Exception {
        clock.advance(Duration.ofDays(3));
        stores().history().append("local", new Sample(clock.instant(), Map.of("x", 9.0)));
        clock.advance(Duration.ofDays(-3));

        assertThat(stores().history().append("local", new Sample(T0, Map.of("x", 1.0)))).as("the clock is back: recording goes on").isTrue();
        assertThat(stores().history().append("local", new Sample(T0.plusSeconds(59), Map.of("x", 2.0)))).as("the interval still holds").isFalse();
        assertThat(stores().history().append("local", new Sample(T0.plusSeconds(60), Map.of("x", 3.0)))).isTrue();
    }

    @Test
    void findingsAreReplacedWholePerClusterInTheirOrder() throws Exception {
        OpenFinding b = new OpenFinding("p/local/broker/2", "p", "broker 2", "critical", T0, T0.plusSeconds(60), 2, "2 is high", List.of("notify"), "");
        OpenFinding a = new OpenFinding("p/local/broker/1", "p", "broker 1", "warning", T0, T0, 1, "1 is high", List.of(), "needs a person");
        Map<String, OpenFinding> open = new LinkedHashMap<>();
        open.put(b.key(), b);
        open.put(a.key(), a);
        stores().findings().save("local", open);
        stores().findings().save("other", Map.of(a.key(), a));

        assertThat(stores().findings().load("local")).containsExactlyEntriesOf(open);
        stores().findings().save("local", Map.of(a.key(), a.withAttempted("heap-dump")));
        assertThat(stores().findings().load("local")).containsExactlyEntriesOf(Map.of(a.key(), a.withAttempted("heap-dump")));
        stores().findings().save("local", Map.of());
        assertThat(stores().findings().load("local")).isEmpty();
        assertThat(stores().findings().load("other")).containsOnlyKeys(a.key());
        assertThat(stores().findings().load("never")).isEmpty();
    }

    @Test
    void policiesEvaluationTimesAreSharedPerClusterAndTheLatestRecordWins() throws Exception {
        var a = new dev.kafkaremediator.state.postgres.PostgresEvaluationTimes(stores().database().pool());
        var b = new dev.kafkaremediator.state.postgres.PostgresEvaluationTimes(stores().database().pool());
        a.record("local", Map.of("leak", T0, "churn", T0.plusSeconds(1)));
        a.record("other", Map.of("leak", T0.minusSeconds(60)));
        b.record("local", Map.of("leak", T0.plusSeconds(60)));
        b.record("local", Map.of());
        assertThat(a.load("local")).containsExactlyInAnyOrderEntriesOf(Map.of("leak", T0.plusSeconds(60), "churn", T0.plusSeconds(1)));
        assertThat(b.load("other")).containsExactlyEntriesOf(Map.of("leak", T0.minusSeconds(60)));
        assertThat(b.load("never")).isEmpty();
    }

    @Test
    void theCooldownHoldsAcrossInstancesAndAForcedRunIsRecordedPastIt() {
        PostgresStores one = stores();
        PostgresStores two = stores();
        assertThat(new CooldownGuard(one.ledger()).checkAndRecord("c", "trim", "topics t", ONE_HOUR, T0, false).allowed()).isTrue();

        clock.advance(Duration.ofSeconds(60));
        Verdict second = new CooldownGuard(two.ledger()).checkAndRecord("c", "trim", "topics t", ONE_HOUR, T0.plusSeconds(60), false);
        assertThat(second.allowed()).isFalse();
        assertThat(second.reasons()).singleElement().asString().contains("ran at " + T0);
        clock.advance(Duration.ofSeconds(60));
        assertThat(new CooldownGuard(two.ledger()).checkAndRecord("c", "trim", "topics t", ONE_HOUR, T0.plusSeconds(120), true).allowed()).isFalse();
        assertThat(new CooldownGuard(two.ledger()).checkAndRecord("d", "trim", "topics t", ONE_HOUR, T0.plusSeconds(60), false).allowed())
                .as("another cluster has its own cooldowns").isTrue();

        assertThat(one.ledger().runs("c", "trim", "topics t", Instant.EPOCH)).containsExactly(T0, T0.plusSeconds(120));
        assertThat(one.ledger().runs("c", "trim", "topics t", T0.plusSeconds(1))).containsExactly(T0.plusSeconds(120));
        assertThat(one.ledger().runs("c", "roll", "topics t", Instant.EPOCH)).isEmpty();
    }

    @Test
    void aRunFromTheFutureHoldsItsCooldownFromNowNotUntilItsDate() throws Exception {
        stores().ledger().record("c", "trim", "topics t", T0.plus(Duration.ofDays(30)));
        CooldownGuard guard = new CooldownGuard(stores().ledger());

        assertThat(guard.check("c", "trim", "topics t", ONE_HOUR, T0).allowed()).as("counted as run now").isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(guard.check("c", "trim", "topics t", ONE_HOUR, clock.instant()).allowed()).as("one cooldown later").isTrue();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("SELECT at, corrects FROM " + settings.schema() + ".action_run");
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject("at", java.time.OffsetDateTime.class).toInstant()).isEqualTo(T0);
            assertThat(rs.getObject("corrects", java.time.OffsetDateTime.class).toInstant()).as("its date kept").isEqualTo(T0.plus(Duration.ofDays(30)));
            assertThat(rs.next()).as("corrected once").isFalse();
        }
    }

    @Test
    void theAuditComesBackInTimeOrderWithDetailsAsWrittenAndSaysWhichInstanceWroteIt() throws Exception {
        PostgresStores a = stores();
        settings = new StoreSettings.Postgres(settings.url(), settings.user(), Optional.empty(), settings.schema(), Optional.of("it-b"), 2,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
        PostgresStores b = stores();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("zeta", 1);
        details.put("alpha", List.of("x", "y"));
        details.put("nested", Map.of("k", true));
        a.audit().append(new AuditEvent(T0.plusSeconds(2), "act-1", "end", "local", "remediator", false, Map.of()));
        b.audit().append(new AuditEvent(T0, "act-1", "start", "local", "oncall:alice", true, details));
        a.audit().append(new AuditEvent(T0.plusSeconds(2), "act-2", "notify", "other", "remediator", false, Map.of()));

        List<AuditEvent> events = a.audit().read(T0).events();
        assertThat(events).extracting(AuditEvent::event).containsExactly("start", "end", "notify");
        assertThat(events.get(0).details()).containsExactlyEntriesOf(details);
        assertThat(events.get(0).actor()).isEqualTo("oncall:alice");
        assertThat(events.get(0).dryRun()).isTrue();
        assertThat(a.audit().read(T0.plusSeconds(1)).events()).extracting(AuditEvent::actionId).containsExactly("act-1", "act-2");
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("SELECT instance_id FROM " + settings.schema() + ".audit_event ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            List<String> instances = new ArrayList<>();
            while (rs.next()) {
                instances.add(rs.getString(1));
            }
            assertThat(instances).containsExactly("it-a", "it-b", "it-a");
        }
        SQLException refused = assertThrows(SQLException.class, () -> postgres.execute("UPDATE " + settings.schema() + ".audit_event SET actor = 'x'"));
        assertThat(refused.getMessage()).contains("append-only");
    }

    @Test
    void aRollIsJournaledAndADamagedOneNamesTheRowToDelete() throws Exception {
        RollJournal.Roll roll = new RollJournal.Roll("roll-1", "local", T0, List.of(3, 1, 2), Map.of(
                1, new RollJournal.BrokerProgress(RollJournal.BrokerState.PENDING, T0, 0, ""),
                2, new RollJournal.BrokerProgress(RollJournal.BrokerState.PENDING, T0, 0, ""),
                3, new RollJournal.BrokerProgress(RollJournal.BrokerState.DONE, T0.plusSeconds(30), 1, "in sync")), RollJournal.Status.RUNNING, "");
        stores().journal().save(roll);
        RollJournal.Roll next = roll.with(1, new RollJournal.BrokerProgress(RollJournal.BrokerState.RESTARTING, T0.plusSeconds(40), 1, ""));
        stores().journal().save(next);

        assertThat(stores().journal().load("local")).contains(next);
        assertThat(stores().journal().load("local").orElseThrow().remaining()).containsExactly(1, 2);
        assertThat(stores().journal().load("other")).isEmpty();

        postgres.execute("UPDATE " + settings.schema() + ".roll_journal SET roll = '{\"id\":\"roll-1\",\"cluster\":\"local\",\"status\":\"RUNNING\"}'");
        ActionFailure e = assertThrows(ActionFailure.class, () -> stores().journal().load("local"));
        assertThat(e.getMessage()).contains("a roll needs its", "order").contains("DELETE FROM " + settings.schema() + ".roll_journal WHERE cluster = 'local'")
                .doesNotContain("\n");
    }

    @Test
    void theSchemaIsMigratedOnceAndANewInstanceFindsItCurrent() throws Exception {
        stores();
        stores();
        try (Connection c = postgres.connect();
             PreparedStatement s = c.prepareStatement("SELECT version, success FROM " + settings.schema() + ".flyway_schema_history "
                     + "WHERE version IS NOT NULL ORDER BY installed_rank");
             ResultSet rs = s.executeQuery()) {
            java.util.List<String> applied = new java.util.ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).isTrue();
                applied.add(rs.getString("version"));
            }
            // State (V1), then Quartz's tables, the cluster leases, the policies' evaluation times and when
            // clusters were last reached (V100+), the import's decisions (V104): each once,
            // however many instances started.
            assertThat(applied).containsExactly("1", "100", "101", "102", "103", "104");
        }
    }

    @Test
    void anUnreachableDatabaseFailsWithinItsTimeoutNamingIt() {
        StoreSettings.Postgres nowhere = new StoreSettings.Postgres("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", Optional.empty(), "remediator",
                Optional.of("it"), 2, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
        long start = System.nanoTime();
        RuntimeException e = assertThrows(RuntimeException.class, () -> PostgresDatabase.open(nowhere));
        assertThat(e.getMessage()).contains("jdbc:postgresql://127.0.0.1:1/postgres");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
