package dev.kafkaremediator.daemon;

import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.SampleOf;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One watched cluster in the daemon: its long-lived clients, and what each observation feeds (history, metrics). */
final class ClusterWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

    private final ClusterConnections connections;
    private final HistoryStore history;
    private final ObservedMetrics metrics;
    private final int maxTopics;
    private final AtomicReference<Instant> lastSnapshot = new AtomicReference<>();

    ClusterWatch(ClusterConnections connections, HistoryStore history, ObservedMetrics metrics, int maxTopics) {
        this.connections = connections;
        this.history = history;
        this.metrics = metrics;
        this.maxTopics = maxTopics;
    }

    String cluster() {
        return connections.config().name();
    }

    Optional<Instant> lastSnapshot() {
        return Optional.ofNullable(lastSnapshot.get());
    }

    ClusterSnapshot observeOnce() {
        MDC.put("cluster", cluster());
        try {
            ClusterSnapshot snapshot = connections.observer().observe();
            metrics.record(snapshot);
            try {
                history.append(cluster(), SampleOf.snapshot(snapshot, maxTopics));
            } catch (HistoryException e) {
                LOG.warn("cluster={} history not recorded: {}", cluster(), e.getMessage());
            }
            lastSnapshot.set(snapshot.takenAt());
            long registered = snapshot.brokers().stream().filter(BrokerSnapshot::registered).count();
            long producerIds = snapshot.brokers().stream().mapToLong(b -> b.producerIdCount().optional().orElse(0L)).max().orElse(0);
            LOG.info("cluster={} observed: reachable={} brokers={}/{} topics={} max-broker-producer-ids={} took={}ms unknown-sources={}",
                    cluster(), snapshot.reachable(), registered, snapshot.brokers().size(),
                    snapshot.topicCount().optional().map(String::valueOf).orElse("?"), producerIds, snapshot.duration().toMillis(),
                    snapshot.failures().isEmpty() ? "none" : snapshot.failures());
            return snapshot;
        } finally {
            MDC.remove("cluster");
        }
    }

    @Override
    public void close() {
        connections.close();
    }
}
