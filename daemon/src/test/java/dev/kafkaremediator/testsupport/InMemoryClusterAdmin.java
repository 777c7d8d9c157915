package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.observe.ActiveProducer;
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
    public ControllerQuorum quorum = new ControllerQuorum(1, 0, Map.of(1, 0L));
    public java.util.Set<TopicPartition> reassignments = java.util.Set.of();
    public int describeProducersCalls;

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
    public Map<TopicPartition, Fact<List<ActiveProducer>>> describeProducers(Collection<TopicPartition> partitions, int batchSize,
                                                                             Duration timeout) {
        describeProducersCalls++;
        Map<TopicPartition, Fact<List<ActiveProducer>>> out = new LinkedHashMap<>();
        partitions.forEach(tp -> out.put(tp, producers.getOrDefault(tp, Fact.known(List.of()))));
        return out;
    }

    @Override
    public ConsumerOffsets consumerOffsets(Duration timeout) throws SourceFailure {
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
    public boolean brokerHasConfig(int brokerId, String configName, Duration timeout) {
        return true;
    }

    @Override
    public java.util.Set<TopicPartition> reassignmentsInProgress(Duration timeout) {
        return reassignments;
    }

    @Override
    public ControllerQuorum controllerQuorum(Duration timeout) {
        return quorum;
    }

    @Override
    public void close() {
    }
}
