package dev.kafkaremediator.observe;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A cluster as plain values, for unit tests; a null source means "that call fails". */
final class InMemoryClusterAdmin implements ClusterAdmin {
    ClusterMembership membership;
    List<TopicLayout> topics = List.of();
    Map<String, TopicConfigs> configs = new HashMap<>();
    Map<TopicPartition, Fact<List<ActiveProducer>>> producers = new HashMap<>();
    ConsumerOffsets offsets = new ConsumerOffsets(Map.of());
    int describeProducersCalls;

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
        throw new SourceFailure("not in this test");
    }

    @Override
    public java.util.Optional<String> clusterDefault(String configName, Duration timeout) {
        return java.util.Optional.empty();
    }

    @Override
    public boolean brokerHasConfig(int brokerId, String configName, Duration timeout) {
        return true;
    }

    @Override
    public java.util.Set<TopicPartition> reassignmentsInProgress(Duration timeout) {
        return java.util.Set.of();
    }

    @Override
    public ControllerQuorum controllerQuorum(Duration timeout) {
        return new ControllerQuorum(1, 0, Map.of(1, 0L));
    }

    @Override
    public void close() {
    }
}
