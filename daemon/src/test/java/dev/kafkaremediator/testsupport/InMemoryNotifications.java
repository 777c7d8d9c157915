package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.act.Notification;
import dev.kafkaremediator.act.Notifications;
import java.util.ArrayList;
import java.util.List;

/** Notifications kept in memory, one receiver named "test (webhook)". */
public final class InMemoryNotifications implements Notifications {
    public final List<Notification> sent = new ArrayList<>();

    @Override
    public List<String> receivers() {
        return List.of("test (webhook)");
    }

    @Override
    public synchronized boolean submit(Notification notification, ActionEvents events) {
        sent.add(notification);
        return true;
    }
}
