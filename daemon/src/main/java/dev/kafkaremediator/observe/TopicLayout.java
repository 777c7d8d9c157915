package dev.kafkaremediator.observe;

import java.util.List;
import java.util.OptionalInt;

/** A topic's partitions as {@code describeTopics} reports them, before the census. */
public record TopicLayout(String name, boolean internal, List<Partition> partitions) {

    public TopicLayout {
        partitions = List.copyOf(partitions);
    }

    public record Partition(int partition, OptionalInt leader, List<Integer> replicas, List<Integer> isr) {
        public Partition {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }
    }

    /**
     * Kafka marks __consumer_offsets and __transaction_state internal; every other {@code __} topic
     * (share-group state, remote log metadata, ...) belongs to Kafka too, and is never the user's.
     */
    public static boolean isInternalName(String topic) {
        return topic.startsWith("__");
    }
}
