package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.config.policy.Metric;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.Series;
import dev.kafkaremediator.history.SeriesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Reads a policy metric for one entity out of the recorded samples. Ratios are computed per sample; a missing part is a gap. */
final class SeriesOf {
    private SeriesOf() {
    }

    static Series of(Metric metric, Entity entity, List<Sample> samples) {
        List<Series.Point> points = new ArrayList<>();
        for (Sample s : samples) {
            value(metric, entity, s).ifPresent(v -> points.add(new Series.Point(s.time(), v)));
        }
        return new Series(metric.key() + " of " + entity, points);
    }

    private static OptionalDouble value(Metric metric, Entity entity, Sample s) {
        return switch (metric) {
            case BROKER_PRODUCER_IDS -> s.value(SeriesNames.brokerProducerIds(entity.brokerId()));
            case BROKER_HEAP_USED_BYTES -> s.value(SeriesNames.brokerHeapUsed(entity.brokerId()));
            case BROKER_HEAP_USED_RATIO -> ratio(s.value(SeriesNames.brokerHeapUsed(entity.brokerId())), s.value(SeriesNames.brokerHeapMax(entity.brokerId())));
            case BROKER_HEAP_AFTER_GC_RATIO -> ratio(s.value(SeriesNames.brokerHeapAfterGc(entity.brokerId())),
                    s.value(SeriesNames.brokerHeapMax(entity.brokerId())));
            case BROKER_PRODUCER_STATE_BYTES -> s.value(SeriesNames.brokerProducerStateBytes(entity.brokerId()));
            case BROKER_PRODUCER_STATE_HEAP_RATIO -> ratio(s.value(SeriesNames.brokerProducerStateBytes(entity.brokerId())),
                    s.value(SeriesNames.brokerHeapMax(entity.brokerId())));
            case TOPIC_PRODUCER_ENTRIES -> s.value(SeriesNames.topicProducerEntries(entity.id()));
            case TOPIC_OPEN_TRANSACTIONS -> s.value(SeriesNames.topicOpenTransactions(entity.id()));
            case TOPIC_OLDEST_OPEN_TRANSACTION_SECONDS -> s.value(SeriesNames.topicOldestOpenTransactionSeconds(entity.id()));
            case CLUSTER_TOPICS -> s.value(SeriesNames.TOPIC_COUNT);
            case CLUSTER_PARTITIONS -> s.value(SeriesNames.PARTITION_COUNT);
            case BROKER_PRODUCER_INITS_PER_SECOND -> s.value(SeriesNames.brokerProducerInitsPerSecond(entity.brokerId()));
            case CLUSTER_PRODUCER_INITS_PER_SECOND -> s.value(SeriesNames.CLUSTER_PRODUCER_INITS_PER_SECOND);
        };
    }

    private static OptionalDouble ratio(OptionalDouble part, OptionalDouble whole) {
        if (part.isEmpty() || whole.isEmpty() || whole.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(part.getAsDouble() / whole.getAsDouble());
    }
}
