package dev.kafkaremediator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.TopicConfigs;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of Strimzi's {@code KafkaAvailabilityTest}, one test each under its name, in our
 * data. Strimzi's question there ("would restarting this broker stall acks=all producers?") is
 * answered here by the roll's partition checks together: {@code offline-partitions} and
 * {@code min-isr}. Our answer is asserted; where it differs from Strimzi's the comment says why.
 */
class AvailabilityScenariosTest {

    private record Partition(OptionalInt leader, List<Integer> replicas, List<Integer> isr) { }

    private static Partition partition(int leader, List<Integer> replicas, List<Integer> isr) {
        return new Partition(OptionalInt.of(leader), replicas, isr);
    }

    private static Partition leaderless(List<Integer> replicas, List<Integer> isr) {
        return new Partition(OptionalInt.empty(), replicas, isr);
    }

    private static TopicSnapshot topic(String name, Fact<TopicConfigs> configs, Partition... partitions) {
        List<PartitionSnapshot> ps = new ArrayList<>();
        for (int i = 0; i < partitions.length; i++) {
            ps.add(new PartitionSnapshot(i, partitions[i].leader(), partitions[i].replicas(), partitions[i].isr(), Fact.unknown("not in this test")));
        }
        return new TopicSnapshot(name, false, ps, configs, Fact.unknown("not in this test"));
    }

    private static TopicSnapshot topic(String name, int minIsr, Partition... partitions) {
        return topic(name, Fact.known(new TopicConfigs(Optional.of(-1L), Optional.of("delete"), Optional.of(minIsr))), partitions);
    }

    /** A topic whose min.insync.replicas is not among its configs. */
    private static TopicSnapshot topicWithoutMinIsr(String name, Partition... partitions) {
        return topic(name, Fact.known(new TopicConfigs(Optional.of(-1L), Optional.of("delete"), Optional.empty())), partitions);
    }

    /** The brokers are those the topics name plus {@code extra}, as in Strimzi's builder. */
    private static ClusterSnapshot cluster(Fact<List<TopicSnapshot>> topics, List<TopicSnapshot> layout, int... extra) {
        TreeSet<Integer> ids = new TreeSet<>();
        layout.forEach(t -> t.partitions().forEach(p -> ids.addAll(p.replicas())));
        for (int id : extra) {
            ids.add(id);
        }
        Map<Integer, String> hosts = new TreeMap<>();
        List<BrokerSnapshot> brokers = new ArrayList<>();
        for (int id : ids) {
            hosts.put(id, "h" + id);
            brokers.add(new BrokerSnapshot(id, Optional.of("h" + id), true, Optional.of("h" + id + ":9999"), BrokerJmxReading.unknown("not in this test")));
        }
        return new ClusterSnapshot("c", Instant.EPOCH, Duration.ZERO, Fact.known(new ClusterMembership(hosts, OptionalInt.empty())), brokers, topics,
                Fact.known(new ConsumerOffsets(Map.of())), Map.of());
    }

    private static ClusterSnapshot cluster(List<TopicSnapshot> topics, int... extra) {
        return cluster(Fact.known(topics), topics, extra);
    }

    private static List<Integer> brokers(ClusterSnapshot s) {
        return s.brokers().stream().map(BrokerSnapshot::id).toList();
    }

    /** Our answer to Strimzi's canRoll(broker): every partition check allows it. */
    private static boolean canRoll(int broker, ClusterSnapshot s) {
        return RollGuard.offline(s).allowed() && RollGuard.minIsr(broker, s).allowed();
    }

    @Test
    void testBelowMinIsr() {
        ClusterSnapshot s = cluster(List.of(
                topic("A", 2, partition(0, List.of(0, 1, 3), List.of(0, 1))),
                topic("B", 2, partition(1, List.of(0, 1, 3), List.of(1)))), 4);
        assertThat(brokers(s)).containsExactly(0, 1, 3, 4);
        assertThat(canRoll(4, s)).as("no partitions on 4").isTrue();
        for (int broker : List.of(0, 1, 3)) {
            assertThat(canRoll(broker, s)).as("broker %d: B-0 is already below min ISR 2", broker).isFalse();
        }
        assertThat(RollGuard.minIsr(0, s).reasons()).containsExactly("A-0 would have 1 in-sync replica, min 2",
                "B-0 would have 1 in-sync replica, min 2");
    }

    @Test
    void testAtMinIsr() {
        ClusterSnapshot s = cluster(List.of(
                topic("A", 2, partition(0, List.of(0, 1), List.of(0, 1))),
                topic("B", 2, partition(1, List.of(0, 1), List.of(0, 1)))), 2);
        for (int broker : brokers(s)) {
            // Replication factor 2 with min ISR 2 can never survive a restart; waiting would not help.
            assertThat(canRoll(broker, s)).as("broker %d", broker).isTrue();
        }
        assertThat(RollGuard.minIsr(0, s).reasons()).singleElement().asString().contains("A-0 (replication factor 2 <= min 2)");
    }

    @Test
    void testAboveMinIsr() {
        ClusterSnapshot s = cluster(List.of(
                topic("A", 1, partition(0, List.of(0, 1, 2), List.of(0, 1, 2))),
                topic("B", 1, partition(1, List.of(0, 1, 2), List.of(0, 1, 2)))), 3);
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isTrue();
        }
    }

    @Test
    void testMinIsrEqualsReplicas() {
        ClusterSnapshot s = cluster(List.of(topic("A", 3, partition(0, List.of(0, 1, 2), List.of(0, 1, 2)))), 3);
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isTrue();
        }
    }

    @Test
    void testMinIsrEqualsReplicasWithOfflineReplicas() {
        ClusterSnapshot s = cluster(List.of(topic("A", 3, partition(0, List.of(0, 1, 2), List.of(0, 1)))), 3);
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isTrue();
        }
    }

    @Test
    void testMinIsrMoreThanReplicas() {
        ClusterSnapshot s = cluster(List.of(topic("A", 2, partition(0, List.of(0), List.of(0)))), 3);
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isTrue();
        }
    }

    @Test
    void testNoLeader() {
        ClusterSnapshot s = cluster(List.of(
                topic("A", 1, leaderless(List.of(0, 1, 2), List.of(1, 2))),
                topic("B", 1, leaderless(List.of(0, 1, 2), List.of(0)))), 3);
        // The min-ISR answer is Strimzi's: only 0 would take B-0 below min ISR 1.
        assertThat(RollGuard.minIsr(0, s).allowed()).isFalse();
        for (int broker : List.of(1, 2, 3)) {
            assertThat(RollGuard.minIsr(broker, s).allowed()).as("broker %d", broker).isTrue();
        }
        // On purpose stricter than Strimzi: a partition without a leader is offline, and no broker
        // restarts while one is (DESIGN: the roll starts and continues only on a healthy cluster).
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isFalse();
        }
        assertThat(RollGuard.offline(s).reasons()).singleElement().asString().isEqualTo("offline: A-0, B-0");
    }

    @Test
    void testNoMinIsr() {
        ClusterSnapshot s = cluster(List.of(
                topicWithoutMinIsr("A", partition(0, List.of(0, 1, 2), List.of(0, 1, 2))),
                topicWithoutMinIsr("B", partition(1, List.of(0, 1, 2), List.of(1, 0, 2)))), 3);
        // On purpose stricter than Strimzi, which allows: Kafka always reports a topic's
        // min.insync.replicas (its own or the broker default), so a missing one means our read was
        // incomplete, and we do not restart on a guess. A broker without replicas still may go.
        for (int broker : List.of(0, 1, 2)) {
            Verdict v = RollGuard.minIsr(broker, s);
            assertThat(v.allowed()).as("broker %d", broker).isFalse();
            assertThat(v.reasons()).first().asString().contains("min.insync.replicas unknown");
        }
        assertThat(canRoll(3, s)).isTrue();
    }

    @Test
    void testCanRollThrowsTimeoutExceptionWhenTopicsListThrowsException() {
        // listTopics and describeTopics are one source for us: a failure makes every partition unknown.
        ClusterSnapshot s = topicsUnknown("listTopics on cluster c: no answer within 15s");
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isFalse();
            assertThat(RollGuard.minIsr(broker, s).reasons()).singleElement().asString().contains("partitions unknown: listTopics");
        }
    }

    @Test
    void testCanRollThrowsExceptionWhenTopicDescribeThrows() {
        ClusterSnapshot s = topicsUnknown("describeTopics on cluster c: UnknownTopicOrPartitionException");
        for (int broker : brokers(s)) {
            assertThat(canRoll(broker, s)).as("broker %d", broker).isFalse();
        }
    }

    @Test
    void testCanRollThrowsExceptionWhenDescribeConfigsThrows() {
        ClusterSnapshot s = cluster(List.of(
                topic("A", Fact.unknown("describeConfigs: UnknownTopicOrPartitionException"), partition(0, List.of(0, 1, 2), List.of(0, 1, 2))),
                topic("B", 1, partition(1, List.of(0, 1, 2), List.of(0, 1, 2)))), 3);
        for (int broker : List.of(0, 1, 2)) {
            assertThat(canRoll(broker, s)).as("broker %d hosts A, whose min ISR is unknown", broker).isFalse();
        }
        // Strimzi asserts nothing about broker 3; it hosts neither topic, so nothing stands in its way.
        assertThat(canRoll(3, s)).isTrue();
    }

    private static ClusterSnapshot topicsUnknown(String reason) {
        List<TopicSnapshot> layout = List.of(
                topic("A", 1, partition(0, List.of(0, 1, 2), List.of(0, 1, 2))),
                topic("B", 1, partition(1, List.of(0, 1, 2), List.of(0, 1, 2))));
        return cluster(Fact.unknown(reason), layout, 3);
    }
}
