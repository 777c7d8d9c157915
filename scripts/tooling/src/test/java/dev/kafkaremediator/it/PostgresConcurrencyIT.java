package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.HistorySettings;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.CooldownGuard;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.state.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What the stores promise across processes, with two instances (each its own connection pool, as
 * two remediator JVMs would have) on one real PostgreSQL: a cooldown checked and recorded by both
 * at once is recorded once; a roll lock held by one is refused to the other until it is closed or
 * its session dies.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the shared cluster's tests (junit-platform.properties)
@ResourceLock("PostgresConcurrencyIT")
@Order(1)
@ExtendWith(PostgresExtension.class)
class PostgresConcurrencyIT {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final HistorySettings HISTORY = new HistorySettings(Duration.ofDays(30), Duration.ofMinutes(1), 200);
    private static final ActionLimits ONE_HOUR = new ActionLimits(true, Duration.ofHours(1), 10);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private RunningPostgres postgres;
    private PostgresStores one;
    private PostgresStores two;

    @BeforeEach
    void twoInstances(RunningPostgres postgres) {
        this.postgres = postgres;
        StoreSettings.Postgres first = postgres.newSchema("instance-1");
        one = open(first);
        two = open(postgres.settings(first.schema(), "instance-2"));
    }

    private PostgresStores open(StoreSettings.Postgres settings) {
        PostgresStores stores = PostgresStores.over(postgres.open(settings), HISTORY, new MutableClock(T0));
        opened.add(stores);
        return stores;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void eightThreadsOfTwoInstancesCheckingOneCooldownAtOnceRecordItOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<CompletableFuture<Verdict>> runners = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            PostgresStores stores = i % 2 == 0 ? one : two;
            return new CooldownGuard(stores.ledger()).checkAndRecord("c", "trim", "topics t", ONE_HOUR, T0.plusMillis(i), false);
        }, threads)).toList();
        start.countDown();

        List<Verdict> verdicts = runners.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();
        threads.shutdown();

        assertThat(verdicts.stream().filter(Verdict::allowed).count()).isEqualTo(1);
        assertThat(one.ledger().runs("c", "trim", "topics t", Instant.EPOCH)).hasSize(1);
    }

    @Test
    void aRollLockHeldByOneInstanceIsRefusedToTheOtherUntilItIsClosed() throws Exception {
        Optional<AutoCloseable> held = one.journal().tryLock("local");
        assertThat(held).isPresent();

        assertThat(two.journal().tryLock("local")).as("another instance").isEmpty();
        assertThat(one.journal().tryLock("local")).as("another roll in the same instance").isEmpty();
        Optional<AutoCloseable> other = two.journal().tryLock("other");
        assertThat(other).as("another cluster").isPresent();
        other.get().close();

        held.get().close();
        Optional<AutoCloseable> again = two.journal().tryLock("local");
        assertThat(again).as("released by close").isPresent();
        again.get().close();
    }

    @Test
    void aRollLockIsReleasedWhenTheSessionHoldingItDies() throws Exception {
        Optional<AutoCloseable> held = one.journal().tryLock("local");
        assertThat(held).isPresent();
        assertThat(two.journal().tryLock("local")).isEmpty();

        // As if the holding process were killed: the server ends its session.
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }

        Optional<AutoCloseable> taken = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> two.journal().tryLock("local"), Optional::isPresent);
        taken.get().close();
        held.get().close(); // its connection is gone: closing it is harmless
    }
}
