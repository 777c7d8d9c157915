package dev.kafkaremediator.observe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What one cluster's last census and observation say about the size of each partition's answer,
 * kept from one census to the next so that the next one can size its requests by the entries they
 * will return: each partition's last count, its leader, and each broker's ProducerIdCount with the
 * number of partition replicas it holds (an average for partitions never counted). Its memory is
 * one int per partition and a few numbers per broker, whatever the entries. Thread-safe.
 */
public final class CensusEstimates {
    private static final int UNKNOWN = -1;
    private final Map<String, int[]> counts = new HashMap<>();
    private final Map<String, int[]> leaders = new HashMap<>();
    private final Map<Integer, Integer> replicas = new HashMap<>();
    private final Map<Integer, Long> producerIdCounts = new HashMap<>();

    /** The entries the partition's leader reported at the last census that counted it. */
    public synchronized OptionalInt last(TopicPartition tp) {
        int[] topic = counts.get(tp.topic());
        return topic == null || tp.partition() >= topic.length || topic[tp.partition()] == UNKNOWN ? OptionalInt.empty()
                : OptionalInt.of(topic[tp.partition()]);
    }

    public synchronized void record(TopicPartition tp, int entries) {
        slot(counts, tp)[tp.partition()] = entries;
    }

    /** The cluster's partitions as describeTopics reported them: leaders, and replicas per broker. Topics gone are forgotten. */
    public synchronized void layout(List<TopicLayout> topics) {
        Set<String> present = new java.util.HashSet<>();
        leaders.clear();
        replicas.clear();
        for (TopicLayout t : topics) {
            present.add(t.name());
            for (TopicLayout.Partition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                slot(leaders, tp)[p.partition()] = p.leader().orElse(UNKNOWN);
                p.replicas().forEach(b -> replicas.merge(b, 1, Integer::sum));
            }
        }
        counts.keySet().retainAll(present);
    }

    /** Each broker's ProducerIdCount at the last observation that read it (entries over all its replicas). */
    public synchronized void producerIdCounts(Map<Integer, Long> perBroker) {
        producerIdCounts.clear();
        producerIdCounts.putAll(perBroker);
    }

    /** The partition's leader, where the last layout named one. */
    public synchronized OptionalInt leader(TopicPartition tp) {
        int[] topic = leaders.get(tp.topic());
        return topic == null || tp.partition() >= topic.length || topic[tp.partition()] == UNKNOWN ? OptionalInt.empty()
                : OptionalInt.of(topic[tp.partition()]);
    }

    /** The leader's ProducerIdCount, an upper bound of any one of its partitions' entries. */
    public synchronized OptionalLong leaderProducerIdCount(TopicPartition tp) {
        OptionalInt leader = leader(tp);
        Long count = leader.isPresent() ? producerIdCounts.get(leader.getAsInt()) : null;
        return count == null ? OptionalLong.empty() : OptionalLong.of(count);
    }

    /** Entries per partition replica on the partition's leader: ProducerIdCount over the replicas it holds. */
    public synchronized OptionalLong averageOnLeader(TopicPartition tp) {
        OptionalInt leader = leader(tp);
        if (leader.isEmpty()) {
            return OptionalLong.empty();
        }
        Long count = producerIdCounts.get(leader.getAsInt());
        Integer held = replicas.get(leader.getAsInt());
        return count == null || held == null || held == 0 ? OptionalLong.empty() : OptionalLong.of(count / held);
    }

    /** The number of partition replicas the partition's leader holds, from the last layout. */
    public synchronized int replicasOnLeader(TopicPartition tp) {
        OptionalInt leader = leader(tp);
        return leader.isEmpty() ? 0 : replicas.getOrDefault(leader.getAsInt(), 0);
    }

    private static int[] slot(Map<String, int[]> map, TopicPartition tp) {
        int[] topic = map.get(tp.topic());
        if (topic == null || tp.partition() >= topic.length) {
            int[] grown = new int[Math.max(tp.partition() + 1, topic == null ? 1 : topic.length)];
            java.util.Arrays.fill(grown, UNKNOWN);
            if (topic != null) {
                System.arraycopy(topic, 0, grown, 0, topic.length);
            }
            map.put(tp.topic(), grown);
            topic = grown;
        }
        return topic;
    }
}
