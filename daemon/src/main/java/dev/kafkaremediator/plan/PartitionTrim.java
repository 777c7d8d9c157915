package dev.kafkaremediator.plan;

import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition of a trim: its log start and end now, the offset the trim moves the log start to,
 * how many records that removes, and the lowest offset a consumer group has committed there.
 */
public record PartitionTrim(TopicPartition partition, long logStart, long end, long target, OptionalLong lowestCommitted) {

    public long recordsRemoved() {
        return Math.max(0, target - logStart);
    }

    /** Share of the partition's current records the trim removes. */
    public double fraction() {
        long present = end - logStart;
        return present <= 0 ? 0 : (double) recordsRemoved() / present;
    }
}
