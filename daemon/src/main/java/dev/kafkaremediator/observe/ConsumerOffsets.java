package dev.kafkaremediator.observe;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/** Committed offsets of every consumer group: group, then partition, then offset. */
public record ConsumerOffsets(Map<String, Map<TopicPartition, Long>> byGroup) {

    public ConsumerOffsets {
        byGroup = Map.copyOf(byGroup);
    }

    /** The lowest offset any group has committed on this partition: a trim must not pass it. */
    public OptionalLong lowestCommitted(TopicPartition partition) {
        return byGroup.values().stream().filter(offsets -> offsets.containsKey(partition))
                .mapToLong(offsets -> offsets.get(partition)).min();
    }
}
