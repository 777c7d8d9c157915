package dev.kafkaremediator.cli;

import dev.kafkaremediator.observe.ProducerInitSeed;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Observes several clusters at once for {@code status}, {@code check} and {@code plan}: a bounded pool (at most {@link #MAX_THREADS}
 * clusters in flight, never a thread per cluster of a fleet of hundreds) and a per-cluster
 * deadline, past which the cluster's clients are abandoned (its Admin calls fail at once, its JMX
 * reads are interrupted) and it is reported as timed out: one dead cluster costs its own line, not
 * the table.
 */
final class FleetObservation {
    static final int MAX_THREADS = 16;

    /** One cluster's observation: a snapshot, or why there is none. */
    record Result(ClusterConfig cluster, Optional<ClusterSnapshot> snapshot, Optional<String> failure) {
        static Result of(ClusterConfig cluster, ClusterSnapshot snapshot) {
            return new Result(cluster, Optional.of(snapshot), Optional.empty());
        }

        static Result failed(ClusterConfig cluster, String why) {
            return new Result(cluster, Optional.empty(), Optional.of(why));
        }
    }

    private FleetObservation() {
    }

    /** Results in the order of {@code clusters}. */
    static List<Result> observe(List<ClusterConfig> clusters, Function<ClusterConfig, ClusterConnections> connector, HistoryStore history,
                                Clock clock, Duration timeout) throws InterruptedException {
        int threads = Math.max(1, Math.min(clusters.size(), MAX_THREADS));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "status-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-deadline");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (ClusterConfig cluster : clusters) {
                futures.add(pool.submit(() -> observeOne(cluster, connector, history, clock, timeout, watchdog)));
            }
            // Each task ends by its own deadline (its clients abandoned then); this bound only guards against a task that ignores it.
            long waves = (clusters.size() + threads - 1) / threads;
            long overallNanos = System.nanoTime() + timeout.plusSeconds(10).multipliedBy(Math.max(1, waves)).toNanos();
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < clusters.size(); i++) {
                try {
                    results.add(futures.get(i).get(Math.max(0, overallNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    results.add(Result.failed(clusters.get(i), "no answer within " + timeout));
                } catch (ExecutionException e) {
                    results.add(Result.failed(clusters.get(i), "observation failed: " + e.getCause()));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private static Result observeOne(ClusterConfig cluster, Function<ClusterConfig, ClusterConnections> connector, HistoryStore history, Clock clock,
                                     Duration timeout, ScheduledExecutorService watchdog) {
        AtomicBoolean late = new AtomicBoolean();
        ClusterConnections connections;
        try {
            connections = connector.apply(cluster);
        } catch (RuntimeException e) {
            return Result.failed(cluster, "cannot open its clients: " + e.getMessage());
        }
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            late.set(true);
            connections.abandon();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ProducerInitSeed.fromHistory(history, cluster.name(), connections, clock.instant(), StatusReport.GROWTH_WINDOW);
            ClusterSnapshot snapshot = connections.observer().observe();
            return late.get() ? Result.failed(cluster, "no complete answer within " + timeout + " (--timeout)") : Result.of(cluster, snapshot);
        } catch (RuntimeException e) {
            return Result.failed(cluster, late.get() ? "no complete answer within " + timeout + " (--timeout)" : "observation failed: " + e.getMessage());
        } finally {
            deadline.cancel(false);
            connections.close();
        }
    }
}
