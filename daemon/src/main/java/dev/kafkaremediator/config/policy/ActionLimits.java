package dev.kafkaremediator.config.policy;

import java.time.Duration;

/** What every action has: whether it is on, how long to wait before repeating it, and how often a day it may run. */
public record ActionLimits(boolean enabled, Duration cooldown, int maxPerDay) { }
