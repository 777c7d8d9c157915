package dev.kafkaremediator.observe;

import java.util.List;
import java.util.OptionalInt;

/** One partition: leader (empty when offline), replicas, in-sync replicas, and its producer census. */
public record PartitionSnapshot(int partition, OptionalInt leader, List<Integer> replicas, List<Integer> isr,
                                Fact<PartitionProducers> producers) {

    public PartitionSnapshot {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public boolean offline() {
        return leader.isEmpty();
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }
}
