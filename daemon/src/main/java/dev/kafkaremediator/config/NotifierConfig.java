package dev.kafkaremediator.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where notifications go: a generic JSON webhook, a Slack-compatible incoming webhook, or a
 * Prometheus Alertmanager ({@code POST /api/v2/alerts}). The URL may hold a secret (Slack's do), so
 * {@link #toString()} shows only its host.
 *
 * @param resendInterval how often an Alertmanager notifier is told again that an open finding's
 *                       alert still fires (Alertmanager resolves an alert nobody re-sends); unused
 *                       by the other types
 */
public record NotifierConfig(String name, Type type, URI url, Duration timeout, int retries, Duration resendInterval) {
    /** Prometheus re-sends firing alerts every minute; well under Alertmanager's default resolve_timeout of 5 minutes. */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);

    public NotifierConfig(String name, Type type, URI url, Duration timeout, int retries) {
        this(name, type, url, timeout, retries, DEFAULT_RESEND_INTERVAL);
    }

    public enum Type {
        WEBHOOK, SLACK, ALERTMANAGER
    }

    @Override
    public String toString() {
        return "NotifierConfig[name=" + name + ", type=" + type + ", host=" + url.getHost() + ", timeout=" + timeout + ", retries=" + retries
                + (type == Type.ALERTMANAGER ? ", resendInterval=" + resendInterval : "") + "]";
    }
}
