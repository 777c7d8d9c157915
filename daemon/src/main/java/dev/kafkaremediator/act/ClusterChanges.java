package dev.kafkaremediator.act;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** The changes the remediator makes through the Admin API. Implemented once over Kafka's Admin ({@link KafkaClusterChanges}). */
public interface ClusterChanges {

    /**
     * Moves each partition's log start offset to the given offset; the records before it are gone for good.
     *
     * @return the new low watermark of each partition
     * @throws ActionFailure naming each partition that failed (the others may have been trimmed: stops the plan)
     */
    Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> targets, Duration timeout) throws ActionFailure;

    /** Sets (or, with an empty value, removes) a broker config's cluster-wide dynamic default. */
    void setClusterDefault(String name, Optional<String> value, Duration timeout) throws ActionFailure;

    /** Sets (or, with an empty value, removes) a broker config's per-broker dynamic override on broker {@code broker}. */
    void setBrokerConfig(int broker, String name, Optional<String> value, Duration timeout) throws ActionFailure;

    /** Moves leadership back to each partition's preferred replica; returns how many partitions moved or failed, as text. */
    String electPreferredLeaders(Duration timeout) throws ActionFailure;
}
