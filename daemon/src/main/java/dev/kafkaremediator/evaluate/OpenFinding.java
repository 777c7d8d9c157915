package dev.kafkaremediator.evaluate;

import java.time.Instant;

/** A problem that is still going on: since when, last seen when, after how many evaluations. */
public record OpenFinding(String key, String policy, String entity, String severity, Instant firstSeen, Instant lastSeen, int evaluations,
                          String summary) { }
