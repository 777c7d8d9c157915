package dev.kafkaremediator.config;

import java.time.Duration;

/** Each observation source has its own bound: a slow source yields unknown facts, never a stalled snapshot. */
public record ObserveTimeouts(Duration admin, Duration jmx, Duration census) { }
