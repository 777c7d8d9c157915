package dev.kafkaremediator.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where notifications go: a generic JSON webhook, a Slack-compatible incoming webhook, or a
 * Prometheus Alertmanager ({@code POST /api/v2/alerts}). The URL may hold a secret (Slack's do), so
 * {@link #toString()} shows only its host.
 */
public record NotifierConfig(String name, Type type, URI url, Duration timeout, int retries) {

    public enum Type {
        WEBHOOK, SLACK, ALERTMANAGER
    }

    @Override
    public String toString() {
        return "NotifierConfig[name=" + name + ", type=" + type + ", host=" + url.getHost() + ", timeout=" + timeout + ", retries=" + retries + "]";
    }
}
