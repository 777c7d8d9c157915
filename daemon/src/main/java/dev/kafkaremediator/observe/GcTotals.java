package dev.kafkaremediator.observe;

import java.time.Duration;

/** Collections and time spent in them since the broker JVM started, over all collectors. */
public record GcTotals(long collections, Duration time) { }
