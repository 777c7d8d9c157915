package dev.kafkaremediator.config.policy;

import java.time.Duration;

/** When a policy is evaluated: a fixed interval, or a Quartz cron expression. */
public sealed interface Schedule {
    record Every(Duration interval) implements Schedule { }

    record Cron(String expression) implements Schedule { }
}
