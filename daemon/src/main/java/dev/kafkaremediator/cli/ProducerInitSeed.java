package dev.kafkaremediator.cli;

import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.observe.ClusterConnections;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A command is one observation: its producer creation rate compares with the last recorded
 * InitProducerId counters (the daemon's, or an earlier command's). History trouble only costs the
 * rate; the command reads the same history again after observing and reports it there.
 */
final class ProducerInitSeed {
    private ProducerInitSeed() {
    }

    static void fromHistory(HistoryStore history, String cluster, ClusterConnections connections, Instant now, Duration lookback) {
        try {
            List<Sample> samples = history.read(cluster, now.minus(lookback)).samples();
            if (!samples.isEmpty()) {
                connections.producerInits().seed(samples.get(samples.size() - 1));
            }
        } catch (HistoryException e) {
            // reported when the command reads the history after its observation
        }
    }
}
