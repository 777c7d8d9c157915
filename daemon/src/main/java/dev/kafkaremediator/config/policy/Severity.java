package dev.kafkaremediator.config.policy;

public enum Severity {
    INFO, WARNING, CRITICAL
}
