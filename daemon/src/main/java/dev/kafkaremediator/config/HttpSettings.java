package dev.kafkaremediator.config;

/** Where /metrics and /health are served, if at all. */
public record HttpSettings(boolean enabled, String host, int port) { }
