package dev.kafkaremediator.observe;

import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.SeriesNames;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** Which facts of a snapshot are remembered: only known ones, and only the topics with the most producer-state entries. */
public final class SampleOf {
    private SampleOf() {
    }

    public static Sample snapshot(ClusterSnapshot snapshot, int maxTopics) {
        Map<String, Double> values = new HashMap<>();
        snapshot.topicCount().optional().ifPresent(n -> values.put(SeriesNames.TOPIC_COUNT, n.doubleValue()));
        snapshot.partitionCount().optional().ifPresent(n -> values.put(SeriesNames.PARTITION_COUNT, n.doubleValue()));
        snapshot.producerInitsPerSecond().optional().ifPresent(r -> values.put(SeriesNames.CLUSTER_PRODUCER_INITS_PER_SECOND, r));
        for (BrokerSnapshot b : snapshot.brokers()) {
            b.heap().optional().ifPresent(h -> {
                values.put(SeriesNames.brokerHeapUsed(b.id()), (double) h.used());
                values.put(SeriesNames.brokerHeapMax(b.id()), (double) h.max());
                h.afterLastGc().ifPresent(after -> values.put(SeriesNames.brokerHeapAfterGc(b.id()), (double) after));
            });
            b.producerIdCount().optional().ifPresent(n -> values.put(SeriesNames.brokerProducerIds(b.id()), n.doubleValue()));
            b.jmx().producerStateBytes().optional().ifPresent(n -> values.put(SeriesNames.brokerProducerStateBytes(b.id()), n.doubleValue()));
            b.producerInitsPerSecond().optional().ifPresent(r -> values.put(SeriesNames.brokerProducerInitsPerSecond(b.id()), r));
            b.jmx().producerInitRequests().optional().ifPresent(r -> {
                values.put(SeriesNames.brokerProducerInitRequests(b.id()), (double) r.count());
                values.put(SeriesNames.brokerStartedAtMillis(b.id()), (double) r.startedAtMillis());
            });
        }
        snapshot.topics().optional().ifPresent(topics -> topics.stream()
                .filter(t -> t.producers().isKnown())
                .sorted(Comparator.comparingLong((TopicSnapshot t) -> entries(t)).reversed().thenComparing(TopicSnapshot::name))
                .limit(maxTopics)
                .forEach(t -> values.put(SeriesNames.topicProducerEntries(t.name()), (double) entries(t))));
        // Every topic's open transactions, whatever its size: one hanging transaction on a small topic pins its ids for good.
        snapshot.topics().optional().ifPresent(topics -> topics.stream()
                .filter(t -> t.producers().optional().map(p -> p.openTransactions() > 0).orElse(false))
                .limit(maxTopics)
                .forEach(t -> {
                    TopicProducers p = t.producers().optional().orElseThrow();
                    values.put(SeriesNames.topicOpenTransactions(t.name()), (double) p.openTransactions());
                    p.oldestOpenTransactionSilence(snapshot.takenAt()).ifPresent(d ->
                            values.put(SeriesNames.topicOldestOpenTransactionSeconds(t.name()), (double) d.toSeconds()));
                }));
        return new Sample(snapshot.takenAt(), values);
    }

    private static long entries(TopicSnapshot t) {
        return t.producers().optional().map(TopicProducers::entries).orElse(0L);
    }
}
