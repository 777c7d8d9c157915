package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One producer-state entry of one partition, as its leader reports it: when the producer last
 * wrote, and the first offset of its ongoing transaction if it has one (an id with an ongoing
 * transaction never expires, whatever producer.id.expiration.ms says).
 */
public record ActiveProducer(long producerId, Instant lastTimestamp, OptionalLong transactionStartOffset) {

    public ActiveProducer(long producerId, Instant lastTimestamp) {
        this(producerId, lastTimestamp, OptionalLong.empty());
    }

    public boolean inTransaction() {
        return transactionStartOffset.isPresent();
    }
}
