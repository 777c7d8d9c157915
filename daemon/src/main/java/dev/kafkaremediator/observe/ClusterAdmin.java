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
     * partitions. Never throws: a partition whose leader did not answer, or that the deadline cut
     * off, is unknown with the reason.
     */
    Map<TopicPartition, Fact<List<ActiveProducer>>> describeProducers(Collection<TopicPartition> partitions, int batchSize,
                                                                      Duration timeout);

    /** Committed offsets of every consumer group. */
    ConsumerOffsets consumerOffsets(Duration timeout) throws SourceFailure;

    @Override
    void close();
}
