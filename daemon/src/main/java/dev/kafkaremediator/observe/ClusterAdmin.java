package dev.kafkaremediator.observe;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the remediator asks of a cluster's Admin API, in our own terms. Implemented once over
 * Kafka's {@code Admin} ({@link KafkaClusterAdmin}); unit tests use plain in-memory versions.
 * Every call is bounded by the timeout it is given.
 */
public interface ClusterAdmin extends AutoCloseable {

    /** @throws SourceFailure when the cluster does not answer within the timeout */
    ClusterMembership describeCluster(Duration timeout) throws SourceFailure;

    /** Every topic, internal ones included, with its partitions' leaders, replicas and ISR. */
    List<TopicLayout> describeTopics(Duration timeout) throws SourceFailure;

    /** retention.ms, cleanup.policy and min.insync.replicas of the given topics, in one request. */
    Map<String, TopicConfigs> describeTopicConfigs(Collection<String> topics, Duration timeout) throws SourceFailure;

    /**
     * The active producers of each partition, asked of the leaders in batches of {@code batchSize}
     * partitions, each partition's answer handed to {@code each} as soon as its batch is in. Nothing
     * is kept across batches: at the incident's scale (500,000 entries per broker) a census that
     * held every producer's record would need a heap of its own; callers tally what they need.
     * Never throws: a partition whose leader did not answer, or that the deadline cut off, is
     * unknown with the reason.
     */
    void describeProducers(Collection<TopicPartition> partitions, int batchSize, Duration timeout,
                           java.util.function.BiConsumer<TopicPartition, Fact<List<ActiveProducer>>> each);

    /** Every partition's answer in one map: only for small sets of partitions. */
    default Map<TopicPartition, Fact<List<ActiveProducer>>> describeProducers(Collection<TopicPartition> partitions, int batchSize,
                                                                              Duration timeout) {
        Map<TopicPartition, Fact<List<ActiveProducer>>> out = new java.util.LinkedHashMap<>();
        describeProducers(partitions, batchSize, timeout, out::put);
        return out;
    }

    /** Committed offsets of every consumer group. */
    ConsumerOffsets consumerOffsets(Duration timeout) throws SourceFailure;

    /**
     * Log start and end offsets of the partitions, and with {@code timestamp} the first offset at or
     * after it: what a trim needs to say exactly which records it would remove.
     */
    Map<TopicPartition, PartitionOffsets> partitionOffsets(Collection<TopicPartition> partitions, java.util.Optional<java.time.Instant> timestamp,
                                                           Duration timeout) throws SourceFailure;

    /** The value of a broker config as the cluster-wide dynamic default, if one is set (KIP-226). */
    java.util.Optional<String> clusterDefault(String configName, Duration timeout) throws SourceFailure;

    /**
     * The named configs as each broker has them in force, with their source, in one request; a name
     * a broker does not know at all (e.g. producer.id.expiration.ms before Kafka 3.4, KIP-854) is
     * absent from its map.
     */
    Map<Integer, Map<String, BrokerConfigEntry>> brokerConfigs(Collection<Integer> brokers, java.util.Set<String> names, Duration timeout)
            throws SourceFailure;

    /** Partitions with a reassignment in progress. */
    java.util.Set<TopicPartition> reassignmentsInProgress(Duration timeout) throws SourceFailure;

    /** The controller quorum's leader and voters (KRaft). */
    ControllerQuorum controllerQuorum(Duration timeout) throws SourceFailure;

    @Override
    void close();

    /** Closes at once: calls in flight fail now instead of running into their timeouts (the daemon is stopping). */
    default void abandon() {
        close();
    }
}
