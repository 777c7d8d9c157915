package dev.kafkaremediator.act;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Where notifications go: implemented by {@link Notifier} (a bounded queue to webhooks, Slack, Alertmanager); unit tests keep them in memory. */
public interface Notifications {

    /** The receivers, as "name (type)", for plans and the audit; empty when none is configured. */
    List<String> receivers();

    /** Queues the notification, never blocking; false (and recorded under {@code events}) when it was dropped. */
    boolean submit(Notification notification, ActionEvents events);

    /**
     * The receivers that hold alert state (Alertmanager), by name, with how often an open finding's
     * alert must be sent to them again; empty when none is configured.
     */
    default Map<String, Duration> alertReceivers() {
        return Map.of();
    }

    /**
     * Tells one alert receiver again that a finding's alert still fires. Not a new notification:
     * no cooldown applies, nothing is audited, and no webhook or Slack receiver gets it. False when
     * the queue is full (the next interval tries again).
     */
    default boolean resend(String receiver, Notification alert) {
        return false;
    }

    /** The finding resolved at {@code resolvedAt}: its alert once more to every alert receiver, ended then; audited under {@code events}. */
    default boolean resolve(Notification alert, Instant resolvedAt, ActionEvents events) {
        return false;
    }

    /** No receivers: on-call commands tell nobody but the operator and the audit. */
    static Notifications none() {
        return new Notifications() {
            @Override
            public List<String> receivers() {
                return List.of();
            }

            @Override
            public boolean submit(Notification notification, ActionEvents events) {
                return false;
            }
        };
    }
}
