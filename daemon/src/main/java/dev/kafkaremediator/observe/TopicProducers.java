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
                             Optional<Instant> newestLastTimestamp, long openTransactions, Optional<Instant> oldestOpenTransactionWrite,
                             IdleAges idleAges) {

    public TopicProducers(long entries, long distinctIds, Optional<Instant> oldestLastTimestamp, Optional<Instant> newestLastTimestamp,
                          long openTransactions, Optional<Instant> oldestOpenTransactionWrite) {
        this(entries, distinctIds, oldestLastTimestamp, newestLastTimestamp, openTransactions, oldestOpenTransactionWrite, IdleAges.none());
    }

    /**
     * Entries with an ongoing transaction (they never expire), and the last write of the producer
     * silent longest among them: a transaction open since at least then. One silent for longer than
     * the brokers' transaction.max.timeout.ms (15 minutes by default) is hanging.
     */
    public TopicProducers(long entries, long distinctIds, Optional<Instant> oldestLastTimestamp, Optional<Instant> newestLastTimestamp) {
        this(entries, distinctIds, oldestLastTimestamp, newestLastTimestamp, 0, Optional.empty(), IdleAges.none());
    }

    /** How long the producer of the oldest open transaction has been silent at {@code now}. */
    public Optional<java.time.Duration> oldestOpenTransactionSilence(Instant now) {
        return oldestOpenTransactionWrite.map(t -> java.time.Duration.between(t, now));
    }
}
