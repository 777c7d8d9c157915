package dev.kafkaremediator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one observation of one cluster saw, as an immutable value. Sources that failed are
 * listed in {@code failures} (source, reason) and their facts are unknown; the rest is still here.
 */
public record ClusterSnapshot(String cluster, Instant takenAt, Duration duration, Fact<ClusterMembership> membership,
                              List<BrokerSnapshot> brokers, Fact<List<TopicSnapshot>> topics, Fact<ConsumerOffsets> consumerOffsets,
                              Map<String, String> failures) {

    public ClusterSnapshot {
        brokers = List.copyOf(brokers);
        failures = Map.copyOf(failures);
    }

    /** The cluster answered describeCluster. */
    public boolean reachable() {
        return membership.isKnown();
    }

    /** Topics that are not Kafka's own. */
    public Fact<Integer> topicCount() {
        return topics.map(list -> (int) list.stream().filter(t -> !t.internal()).count());
    }

    /** Partitions of every topic, internal ones included: each costs every broker holding a replica. */
    public Fact<Integer> partitionCount() {
        return topics.map(list -> list.stream().mapToInt(t -> t.partitions().size()).sum());
    }

    /**
     * Producers created per second in the whole cluster: the brokers' InitProducerId rates summed.
     * Unknown when any broker's is (a broker that does not answer may be the one the producers ask),
     * and when there are no brokers: never a 0 that no broker reported.
     */
    public Fact<Double> producerInitsPerSecond() {
        if (brokers.isEmpty()) {
            return Fact.unknown("no brokers");
        }
        double sum = 0;
        for (BrokerSnapshot b : brokers) {
            if (b.producerInitsPerSecond().optional().isEmpty()) {
                return Fact.unknown("broker " + b.id() + ": " + b.producerInitsPerSecond().unknownReason().orElse("unknown"));
            }
            sum += b.producerInitsPerSecond().optional().get();
        }
        return Fact.known(sum);
    }

    public Optional<BrokerSnapshot> broker(int id) {
        return brokers.stream().filter(b -> b.id() == id).findFirst();
    }

    public Optional<TopicSnapshot> topic(String name) {
        return topics.optional().flatMap(list -> list.stream().filter(t -> t.name().equals(name)).findFirst());
    }
}
