package dev.kafkaremediator.observe;

import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A command is one observation, and an instance taking a cluster over has not observed it lately:
 * the producer creation rate compares with the last recorded InitProducerId counters (the daemon's,
 * another instance's, or an earlier command's). History trouble only costs the rate; it is reported
 * where the history is read next.
 */
public final class ProducerInitSeed {
    private ProducerInitSeed() {
    }

    public static void fromHistory(HistoryStore history, String cluster, ClusterConnections connections, Instant now, Duration lookback) {
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
