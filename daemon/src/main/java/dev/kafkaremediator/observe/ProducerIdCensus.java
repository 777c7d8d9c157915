package dev.kafkaremediator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Tallies the leaders' answers to describeProducers, one partition at a time as they arrive, into
 * per-partition and per-topic figures. Nothing is kept per entry: a topic's distinct producer ids
 * are counted in a Theta sketch ({@link DistinctIds}: exact up to 4,096 ids a topic, then within a
 * few percent), its other figures are sums, extremes and a histogram of idle ages, and a topic's
 * tally is closed into its figures as soon as every partition asked of it has answered. Entries are
 * what cost heap (one per producer id per partition, on every replica); distinct ids are what the
 * application created. Pure: no I/O.
 */
public final class ProducerIdCensus {
    private final Instant at;
    private final Map<String, Integer> expected;
    private final Map<TopicPartition, Fact<PartitionProducers>> partitions = new HashMap<>();
    private final Map<String, TopicTally> topics = new HashMap<>();
    private final Map<String, Integer> answered = new HashMap<>();
    private final Map<String, TopicProducers> closed = new HashMap<>();

    /** {@code at}: when the census is taken, against which idle ages are counted. */
    public ProducerIdCensus(Instant at) {
        this(at, Map.of());
    }

    /**
     * @param partitionsAsked per topic, the partitions the census asks: a topic's tally is closed (its
     *                        sketch dropped) once that many have answered, so only the topics being read
     *                        hold one
     */
    public ProducerIdCensus(Instant at, Map<String, Integer> partitionsAsked) {
        this.at = at;
        this.expected = Map.copyOf(partitionsAsked);
    }

    /** One partition's answer; the producers' records are not kept. */
    public synchronized void accept(TopicPartition tp, Fact<List<ActiveProducer>> answer) {
        partitions.put(tp, partition(answer));
        answer.optional().ifPresent(producers -> topics.computeIfAbsent(tp.topic(), t -> new TopicTally()).add(producers, at));
        int done = answered.merge(tp.topic(), 1, Integer::sum);
        if (done == expected.getOrDefault(tp.topic(), -1)) {
            TopicTally tally = topics.remove(tp.topic());
            closed.put(tp.topic(), tally == null ? EMPTY : tally.result());
            answered.remove(tp.topic());
        }
    }

    private static final TopicProducers EMPTY = new TopicProducers(0, 0, Optional.empty(), Optional.empty());

    /** A partition's figures: unknown when it did not answer (or was not asked). */
    public synchronized Fact<PartitionProducers> partition(TopicPartition tp) {
        return partitions.getOrDefault(tp, Fact.unknown("census did not run"));
    }

    /** Why the first partition that is unknown is so (a census cut short says why in one line). */
    public synchronized Optional<String> firstUnknownReason() {
        return partitions.values().stream().filter(f -> !f.isKnown()).findFirst().flatMap(Fact::unknownReason);
    }

    public synchronized long unknownPartitions() {
        return partitions.values().stream().filter(f -> !f.isKnown()).count();
    }

    /**
     * A topic's totals, unknown unless every one of {@code answers} (its partitions, 0 to n-1, as
     * the caller judged them: an offline partition is unknown without being asked) is known, naming
     * how many were not and the first reason.
     */
    public synchronized Fact<TopicProducers> topic(String topic, Map<Integer, Fact<PartitionProducers>> answers) {
        long missing = answers.values().stream().filter(f -> !f.isKnown()).count();
        if (missing > 0) {
            String first = answers.values().stream().filter(f -> !f.isKnown()).findFirst().flatMap(Fact::unknownReason).orElse("");
            return Fact.unknown(missing + " of " + answers.size() + " partitions unknown (" + first + ")");
        }
        TopicProducers done = closed.remove(topic);
        if (done != null) {
            return Fact.known(done);
        }
        TopicTally tally = topics.remove(topic);
        return Fact.known(tally == null ? EMPTY : tally.result());
    }

    public static Fact<PartitionProducers> partition(Fact<List<ActiveProducer>> answer) {
        return answer.map(producers -> {
            Instant oldest = null;
            Instant newest = null;
            for (ActiveProducer p : producers) {
                oldest = oldest == null || p.lastTimestamp().isBefore(oldest) ? p.lastTimestamp() : oldest;
                newest = newest == null || p.lastTimestamp().isAfter(newest) ? p.lastTimestamp() : newest;
            }
            return new PartitionProducers(producers.size(), Optional.ofNullable(oldest), Optional.ofNullable(newest));
        });
    }

    /** A topic's totals from every partition's full answer; unknown unless every partition answered. */
    public static Fact<TopicProducers> topic(String topic, int partitions, Map<TopicPartition, Fact<List<ActiveProducer>>> answers) {
        return topic(topic, partitions, answers, Instant.EPOCH);
    }

    static Fact<TopicProducers> topic(String topic, int partitions, Map<TopicPartition, Fact<List<ActiveProducer>>> answers, Instant at) {
        ProducerIdCensus census = new ProducerIdCensus(at);
        Map<Integer, Fact<PartitionProducers>> figures = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            Fact<List<ActiveProducer>> answer = answers.get(tp);
            if (answer == null) {
                figures.put(p, Fact.unknown("not asked"));
                continue;
            }
            census.accept(tp, answer);
            figures.put(p, census.partition(tp));
        }
        return census.topic(topic, new java.util.TreeMap<>(figures));
    }

    /** One topic's running totals: sums, extremes, idle ages and a sketch of its distinct ids, nothing per entry. */
    private static final class TopicTally {
        private long entries;
        private final DistinctIds ids = new DistinctIds();
        private Instant oldest;
        private Instant newest;
        private long transactions;
        private Instant oldestTransaction;
        private final IdleAges.Counter idle = new IdleAges.Counter();

        void add(List<ActiveProducer> producers, Instant at) {
            for (ActiveProducer p : producers) {
                entries++;
                ids.add(p.producerId());
                Instant last = p.lastTimestamp();
                oldest = oldest == null || last.isBefore(oldest) ? last : oldest;
                newest = newest == null || last.isAfter(newest) ? last : newest;
                if (p.inTransaction()) {
                    transactions++;
                    oldestTransaction = oldestTransaction == null || last.isBefore(oldestTransaction) ? last : oldestTransaction;
                } else {
                    Duration silent = Duration.between(last, at);
                    idle.add(silent.isNegative() ? Duration.ZERO : silent);
                }
            }
        }

        TopicProducers result() {
            return new TopicProducers(entries, ids.count(), Optional.ofNullable(oldest), Optional.ofNullable(newest), transactions,
                    Optional.ofNullable(oldestTransaction), idle.result());
        }
    }
}
