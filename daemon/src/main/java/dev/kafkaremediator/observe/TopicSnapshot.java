package dev.kafkaremediator.observe;

import java.util.List;

/**
 * One topic. {@code producers} is known only when every partition's leader answered the census:
 * a partial count would understate the leak.
 */
public record TopicSnapshot(String name, boolean internal, List<PartitionSnapshot> partitions, Fact<TopicConfigs> configs,
                            Fact<TopicProducers> producers) {

    public TopicSnapshot {
        partitions = List.copyOf(partitions);
    }

    public int replicationFactor() {
        return partitions.stream().mapToInt(p -> p.replicas().size()).max().orElse(0);
    }
}
