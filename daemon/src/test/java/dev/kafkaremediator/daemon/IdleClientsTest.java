package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.act.Notifier;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import dev.kafkaremediator.time.BoundedWait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet at a long interval keeps no Admin client per cluster between observations: a watch closes the
 * clients created again on demand once no observation nor evaluation uses them, and keeps them at a
 * short interval; nor a snapshot once a clustered run has evaluated it. In-memory cluster; the close is counted.
 */
class IdleClientsTest {
    @TempDir
    Path dir;

    private final AtomicInteger idleCloses = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private ClusterWatch watch;

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
        executor.shutdownNow();
    }

    private ClusterWatch watch(String interval) throws Exception {
        Path file = dir.resolve("remediator.conf");
        Files.writeString(file, """
                remediator {
                  state-dir = "state"
                  observe-interval = %s
                  history.min-interval = %s
                  clusters.c { bootstrap-servers = "c:9092" }
                }
                """.formatted(interval, interval), StandardCharsets.UTF_8);
        RemediatorConfig config = ConfigLoader.load(file);
        TestCluster fake = new TestCluster(3);
        Notifier notifier = new Notifier(List.of(), 10, BoundedWait.Pause.threadSleep());
        ClusterWatches opener = new ClusterWatches(config, fake.clock,
                cluster -> new ClusterConnections(cluster, fake.admin, idleCloses::incrementAndGet, fake.jmx(), executor, fake.clock),
                StateStores.files(config, fake.clock), new ObservedMetrics(10), notifier,
                new FiringAlerts(notifier, dev.kafkaremediator.time.Ticker.system()), () -> false, ClusterLeases::none);
        watch = opener.open(config.clusters().get("c"));
        return watch;
    }

    @Test
    void atAMinuteTheClientsAreClosedOnceTheLastUseEnds() throws Exception {
        ClusterWatch w = watch("1m");
        w.observeOnce();
        assertThat(idleCloses).as("closed after the observation").hasValue(1);

        try (AutoCloseable run = w.inUse()) {
            w.observeOnce();
            assertThat(idleCloses).as("a run's observation keeps them for the evaluations that follow").hasValue(1);
        }
        assertThat(idleCloses).as("closed when the run ends").hasValue(2);
    }

    @Test
    void belowThirtySecondsTheClientsAreKept() throws Exception {
        ClusterWatch w = watch("10s");
        w.observeOnce();
        w.observeOnce();
        assertThat(idleCloses).hasValue(0);
    }

    @Test
    void theThresholdIsThirtySeconds() {
        assertThat(ClusterWatches.KEEP_CLIENTS_BELOW).hasSeconds(30);
        ClusterConnections connections = new ClusterConnections(null, null, idleCloses::incrementAndGet, null, executor, java.time.Clock.systemUTC());
        dev.kafkaremediator.act.ActionConnections actions = new dev.kafkaremediator.act.ActionConnections(null, null, null, executor);
        ClusterWatches.idleClients(java.time.Duration.ofSeconds(29), connections, actions).run();
        assertThat(idleCloses).hasValue(0);
        ClusterWatches.idleClients(java.time.Duration.ofSeconds(30), connections, actions).run();
        assertThat(idleCloses).hasValue(1);
    }

    @Test
    void aClusteredRunKeepsNoSnapshotAfterItsEvaluationsOnlyWhenItWasTaken() throws Exception {
        ClusterWatch w = watch("1m");
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("policies/p.conf"), """
                policies.leak {
                  description = "producer ids"
                  schedule.every = 1m
                  clusters = ["*"]
                  severity = warning
                  when.threshold { series = broker.producer-ids, above = 1000000000 }
                  actions = [ { notify {} } ]
                }
                """, StandardCharsets.UTF_8);
        PolicyRegistry policies = PolicyRegistry.load(dir.resolve("policies"), java.util.Set.of("c"));
        ClusterJob job = new ClusterJob(w, ClusterLeases.none(), policies, new DuePolicies(java.time.Duration.ofMinutes(1)), java.time.Clock.systemUTC());

        job.execute(null);

        assertThat(w.lastSnapshot()).as("when it was taken stays, for /health").isPresent();
        assertThat(w.holdsSnapshot()).as("the snapshot itself, every topic and partition, goes").isFalse();
        assertThat(idleCloses).as("and the run's clients").hasValue(1);
        w.observeOnce();
        assertThat(w.holdsSnapshot()).as("an observation outside a clustered run (files: policies evaluate it later) keeps it").isTrue();
    }
}
