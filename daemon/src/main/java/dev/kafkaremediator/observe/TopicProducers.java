package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.Optional;

/**
 * A topic's producer state over all its partitions. {@code entries} counts producer-state entries
 * (one per producer id per partition: what costs heap, on every replica); {@code distinctIds}
 * counts producer ids (what the application created). A producer per record on one partition
 * each makes them equal; one producer writing every partition makes entries = partitions.
 */
public record TopicProducers(long entries, long distinctIds, Optional<Instant> oldestLastTimestamp,
                             Optional<Instant> newestLastTimestamp) { }
