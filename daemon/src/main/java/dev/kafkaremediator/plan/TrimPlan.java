package dev.kafkaremediator.plan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A trim stated exactly before it runs: per partition, the offsets before and after and the records removed. */
public record TrimPlan(String cluster, List<String> topics, String extent, List<PartitionTrim> partitions) {

    public TrimPlan {
        topics = List.copyOf(topics);
        partitions = List.copyOf(partitions);
    }

    /** Only the partitions where the log start actually moves. */
    public List<PartitionTrim> effective() {
        return partitions.stream().filter(p -> p.recordsRemoved() > 0).toList();
    }

    public long recordsRemoved() {
        return partitions.stream().mapToLong(PartitionTrim::recordsRemoved).sum();
    }

    public Map<String, List<PartitionTrim>> byTopic() {
        return partitions.stream().collect(Collectors.groupingBy(p -> p.partition().topic()));
    }

    /** True when every partition is trimmed to its end: the only trim that, with a roll, frees producer state (KIP-360). */
    public boolean toEndEverywhere() {
        return partitions.stream().allMatch(p -> p.target() >= p.end());
    }
}
