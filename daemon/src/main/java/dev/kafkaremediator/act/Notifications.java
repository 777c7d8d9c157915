package dev.kafkaremediator.act;

import java.util.List;

/** Where notifications go: implemented by {@link Notifier} (a bounded queue to webhooks, Slack, Alertmanager); unit tests keep them in memory. */
public interface Notifications {

    /** The receivers, as "name (type)", for plans and the audit; empty when none is configured. */
    List<String> receivers();

    /** Queues the notification, never blocking; false (and recorded under {@code events}) when it was dropped. */
    boolean submit(Notification notification, ActionEvents events);

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
