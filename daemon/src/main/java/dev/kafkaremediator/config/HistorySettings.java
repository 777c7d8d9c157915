package dev.kafkaremediator.config;

import java.time.Duration;

/** How long samples are kept, at most how often one is recorded per cluster, and how many topics each sample keeps. */
public record HistorySettings(Duration retention, Duration minInterval, int maxTopics) { }
