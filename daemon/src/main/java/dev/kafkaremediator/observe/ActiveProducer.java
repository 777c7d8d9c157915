package dev.kafkaremediator.observe;

import java.time.Instant;

/** One producer-state entry of one partition, as its leader reports it. */
public record ActiveProducer(long producerId, Instant lastTimestamp) { }
