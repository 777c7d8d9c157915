package dev.kafkaremediator.plan;

import dev.kafkaremediator.config.policy.TopicFilter;

/**
 * The limits a trim runs under, from the policy or the on-call command line: the topics it may
 * touch, whether it may pass committed consumer offsets, and how much of the cluster one run may
 * remove. The trim guard holds every prepared trim against them.
 */
public record TrimLimits(TopicFilter allowed, boolean allowPastConsumers, int maxPartitions, long maxRecords, double maxFraction) { }
