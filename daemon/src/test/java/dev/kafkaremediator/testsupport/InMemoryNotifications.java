package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.act.Notification;
import dev.kafkaremediator.act.Notifications;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications kept in memory, one receiver named "test (webhook)", and any alert receivers a test adds with {@link #withAlertReceiver}. */
public final class InMemoryNotifications implements Notifications {
    public final List<Notification> sent = new ArrayList<>();
    /** Re-sends, as "receiver: policy on entity @ startsAt". */
    public final List<String> resent = new ArrayList<>();
    /** Resolutions, as "policy on entity @ startsAt ended resolvedAt". */
    public final List<String> resolved = new ArrayList<>();
    private final Map<String, Duration> alertReceivers = new LinkedHashMap<>();

    public InMemoryNotifications withAlertReceiver(String name, Duration resendInterval) {
        alertReceivers.put(name, resendInterval);
        return this;
    }

    @Override
    public List<String> receivers() {
        List<String> all = new ArrayList<>(List.of("test (webhook)"));
        alertReceivers.keySet().forEach(n -> all.add(n + " (alertmanager)"));
        return all;
    }

    @Override
    public synchronized boolean submit(Notification notification, ActionEvents events) {
        sent.add(notification);
        return true;
    }

    @Override
    public Map<String, Duration> alertReceivers() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alertReceivers));
    }

    @Override
    public synchronized boolean resend(String receiver, Notification alert) {
        resent.add(receiver + ": " + alert.policy() + " on " + alert.entity() + " @ " + alert.at());
        return true;
    }

    @Override
    public synchronized boolean resolve(Notification alert, Instant resolvedAt, ActionEvents events) {
        resolved.add(alert.policy() + " on " + alert.entity() + " @ " + alert.at() + " ended " + resolvedAt);
        return true;
    }
}
