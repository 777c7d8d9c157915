package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.Optional;

/**
 * A partition's active idempotent producers, as its leader reports them ({@code describeProducers},
 * KIP-664). Each is one producer-state entry on the heap of every broker holding a replica.
 */
public record PartitionProducers(int entries, Optional<Instant> oldestLastTimestamp, Optional<Instant> newestLastTimestamp) { }
