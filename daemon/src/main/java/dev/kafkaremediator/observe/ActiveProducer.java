package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One producer-state entry of one partition, as its leader reports it: when the producer last
 * wrote, the first offset of its ongoing transaction if it has one (an id with an ongoing
 * transaction never expires, whatever producer.id.expiration.ms says), and the sequence number of
 * the last record it wrote there (-1 when not known): records are numbered from 0 per producer and
 * partition (per epoch), so it tells a producer that wrote one record from one that carried thousands.
 */
public record ActiveProducer(long producerId, Instant lastTimestamp, OptionalLong transactionStartOffset, int lastSequence) {

    public ActiveProducer(long producerId, Instant lastTimestamp) {
        this(producerId, lastTimestamp, OptionalLong.empty());
    }

    public ActiveProducer(long producerId, Instant lastTimestamp, OptionalLong transactionStartOffset) {
        this(producerId, lastTimestamp, transactionStartOffset, -1);
    }

    /** Records it wrote to the partition, as far as its last sequence number says (0 when not known). */
    public long recordsWritten() {
        return lastSequence < 0 ? 0 : lastSequence + 1L;
    }

    public boolean inTransaction() {
        return transactionStartOffset.isPresent();
    }
}
