package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.observe.ActiveProducer;
import dev.kafkaremediator.observe.BrokerConfigEntry;
import dev.kafkaremediator.observe.ClusterAdmin;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.ControllerQuorum;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.PartitionOffsets;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.observe.TopicConfigs;
import dev.kafkaremediator.observe.TopicLayout;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A cluster as plain values, for unit tests; a null source means "that call fails". */
public final class InMemoryClusterAdmin implements ClusterAdmin {
    public ClusterMembership membership;
    public List<TopicLayout> topics = List.of();
    public Map<String, TopicConfigs> configs = new HashMap<>();
    public Map<TopicPartition, Fact<List<ActiveProducer>>> producers = new HashMap<>();
    public ConsumerOffsets offsets = new ConsumerOffsets(Map.of());
    /** Log start and end per partition; a partition missing here makes partitionOffsets fail. */
    public Map<TopicPartition, PartitionOffsets> partitionOffsets = new HashMap<>();
    /** Cluster-wide dynamic broker config defaults; shared with {@link InMemoryClusterChanges} when a test wires them together. */
    public Map<String, String> clusterDefaults = new HashMap<>();
    /** Per-broker dynamic overrides (DYNAMIC_BROKER_CONFIG); shared with {@link InMemoryClusterChanges} like the defaults. */
    public Map<Integer, Map<String, String>> brokerOverrides = new HashMap<>();
    /** Values from server.properties (STATIC_BROKER_CONFIG) per broker. */
    public Map<Integer, Map<String, String>> staticConfigs = new HashMap<>();
    /** Kafka's defaults (DEFAULT_CONFIG) for the configs the remediator reads; a name missing here and above is unknown to the broker. */
    public Map<String, String> kafkaDefaults = new HashMap<>(Map.of("producer.id.expiration.ms", "86400000",
            "producer.id.expiration.check.interval.ms", "600000", "transaction.max.timeout.ms", "900000"));
    /** One voter, broker 1, the leader, caught up at the epoch (the leader's own time). */
    public ControllerQuorum quorum = new ControllerQuorum(1, Map.of(1, java.util.Optional.of(java.time.Instant.EPOCH)),
            ControllerQuorum.DEFAULT_FETCH_TIMEOUT);
    public java.util.Set<TopicPartition> reassignments = java.util.Set.of();
    public int describeProducersCalls;
    public int consumerOffsetsCalls;

    @Override
    public ClusterMembership describeCluster(Duration timeout) throws SourceFailure {
        if (membership == null) {
            throw new SourceFailure("describeCluster on cluster test: no answer within " + timeout.toSeconds() + "s");
        }
        return membership;
    }

    @Override
    public List<TopicLayout> describeTopics(Duration timeout) throws SourceFailure {
        if (topics == null) {
            throw new SourceFailure("describeTopics on cluster test: no answer");
        }
        return topics;
    }

    @Override
    public Map<String, TopicConfigs> describeTopicConfigs(Collection<String> names, Duration timeout) throws SourceFailure {
        if (configs == null) {
            throw new SourceFailure("describeConfigs on cluster test: no answer");
        }
        return configs;
    }

    @Override
    public void describeProducers(Collection<TopicPartition> partitions, int batchSize, Duration timeout,
                                  java.util.function.BiConsumer<TopicPartition, Fact<List<ActiveProducer>>> each) {
        describeProducersCalls++;
        partitions.forEach(tp -> each.accept(tp, producers.getOrDefault(tp, Fact.known(List.of()))));
    }

    @Override
    public ConsumerOffsets consumerOffsets(Duration timeout) throws SourceFailure {
        consumerOffsetsCalls++;
        if (offsets == null) {
            throw new SourceFailure("listGroups on cluster test: no answer");
        }
        return offsets;
    }

    @Override
    public Map<TopicPartition, PartitionOffsets> partitionOffsets(Collection<TopicPartition> partitions, java.util.Optional<java.time.Instant> t,
                                                                  Duration timeout) throws SourceFailure {
        Map<TopicPartition, PartitionOffsets> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionOffsets o = partitionOffsets.get(tp);
            if (o == null) {
                throw new SourceFailure("listOffsets on cluster test: no partition " + tp);
            }
            out.put(tp, o);
        }
        return out;
    }

    @Override
    public java.util.Optional<String> clusterDefault(String configName, Duration timeout) {
        return java.util.Optional.ofNullable(clusterDefaults.get(configName));
    }

    @Override
    public Map<Integer, Map<String, BrokerConfigEntry>> brokerConfigs(Collection<Integer> brokers, java.util.Set<String> names, Duration timeout) {
        Map<Integer, Map<String, BrokerConfigEntry>> all = new LinkedHashMap<>();
        brokers.forEach(id -> all.put(id, brokerConfigs(id, names)));
        return all;
    }

    private Map<String, BrokerConfigEntry> brokerConfigs(int brokerId, java.util.Set<String> names) {
        Map<String, BrokerConfigEntry> out = new LinkedHashMap<>();
        for (String name : names) {
            String override = brokerOverrides.getOrDefault(brokerId, Map.of()).get(name);
            String fixed = staticConfigs.getOrDefault(brokerId, Map.of()).get(name);
            if (override != null) {
                out.put(name, new BrokerConfigEntry(name, java.util.Optional.of(override), BrokerConfigEntry.PER_BROKER));
            } else if (clusterDefaults.containsKey(name)) {
                out.put(name, new BrokerConfigEntry(name, java.util.Optional.of(clusterDefaults.get(name)), BrokerConfigEntry.CLUSTER_DEFAULT));
            } else if (fixed != null) {
                out.put(name, new BrokerConfigEntry(name, java.util.Optional.of(fixed), "STATIC_BROKER_CONFIG"));
            } else if (kafkaDefaults.containsKey(name)) {
                out.put(name, new BrokerConfigEntry(name, java.util.Optional.of(kafkaDefaults.get(name)), "DEFAULT_CONFIG"));
            }
        }
        return out;
    }

    @Override
    public java.util.Set<TopicPartition> reassignmentsInProgress(Duration timeout) {
        return reassignments;
    }

    @Override
    public ControllerQuorum controllerQuorum(Duration timeout) throws SourceFailure {
        if (quorum == null) {
            throw new SourceFailure("describeMetadataQuorum on cluster test: no answer within " + timeout.toSeconds() + "s");
        }
        return quorum;
    }

    @Override
    public void close() {
    }
}
