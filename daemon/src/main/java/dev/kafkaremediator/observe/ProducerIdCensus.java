package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns the leaders' answers to describeProducers into per-partition and per-topic figures.
 * Pure: no I/O. Entries are what cost heap (one per producer id per partition, on every replica);
 * distinct ids are what the application created.
 */
public final class ProducerIdCensus {
    private ProducerIdCensus() {
    }

    public static Fact<PartitionProducers> partition(Fact<List<ActiveProducer>> answer) {
        return answer.map(producers -> new PartitionProducers(producers.size(),
                producers.stream().map(ActiveProducer::lastTimestamp).min(Comparator.naturalOrder()),
                producers.stream().map(ActiveProducer::lastTimestamp).max(Comparator.naturalOrder())));
    }

    /** A topic's totals; unknown unless every partition answered, naming how many did not and the first reason. */
    public static Fact<TopicProducers> topic(String topic, int partitions, Map<TopicPartition, Fact<List<ActiveProducer>>> answers) {
        long entries = 0;
        Set<Long> ids = new HashSet<>();
        Optional<Instant> oldest = Optional.empty();
        Optional<Instant> newest = Optional.empty();
        long transactions = 0;
        Optional<Instant> oldestTransaction = Optional.empty();
        int missing = 0;
        String firstReason = null;
        for (int p = 0; p < partitions; p++) {
            Fact<List<ActiveProducer>> answer = answers.get(new TopicPartition(topic, p));
            if (answer == null || !answer.isKnown()) {
                missing++;
                if (firstReason == null) {
                    firstReason = answer == null ? "not asked" : answer.unknownReason().orElse("");
                }
                continue;
            }
            for (ActiveProducer producer : answer.optional().orElseThrow()) {
                entries++;
                ids.add(producer.producerId());
                oldest = min(oldest, producer.lastTimestamp());
                newest = max(newest, producer.lastTimestamp());
                if (producer.inTransaction()) {
                    transactions++;
                    oldestTransaction = min(oldestTransaction, producer.lastTimestamp());
                }
            }
        }
        if (missing > 0) {
            return Fact.unknown(missing + " of " + partitions + " partitions unknown (" + firstReason + ")");
        }
        return Fact.known(new TopicProducers(entries, ids.size(), oldest, newest, transactions, oldestTransaction));
    }

    private static Optional<Instant> min(Optional<Instant> current, Instant candidate) {
        return current.isEmpty() || candidate.isBefore(current.get()) ? Optional.of(candidate) : current;
    }

    private static Optional<Instant> max(Optional<Instant> current, Instant candidate) {
        return current.isEmpty() || candidate.isAfter(current.get()) ? Optional.of(candidate) : current;
    }
}
