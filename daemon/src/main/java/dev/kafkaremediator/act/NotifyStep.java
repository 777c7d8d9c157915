package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Queues a notification about a finding to every configured notifier; delivery is asynchronous and audited on its own. */
public final class NotifyStep implements ActionStep<Notification, Boolean> {
    static final String KIND = "notify";

    private final Notifications notifier;
    private final Notification notification;
    private final ActionLimits limits;

    public NotifyStep(ActionContext context, Notification notification, ActionLimits limits) {
        this.notifier = context.clients().notifications();
        this.notification = notification;
        this.limits = limits;
    }

    @Override
    public Optional<ActionLimits> limits() {
        return Optional.of(limits);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String target() {
        return notification.policy() + " on " + notification.entity();
    }

    @Override
    public Notification prepare() {
        return notification;
    }

    @Override
    public Map<String, Object> describe(Notification n) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("notifiers", notifier.receivers());
        d.put("text", n.text());
        return d;
    }

    @Override
    public List<Verdict> guard(Notification n) {
        return List.of();
    }

    @Override
    public Boolean execute(Notification n, ActionEvents events) {
        return notifier.submit(n, events);
    }

    @Override
    public Map<String, Object> describeResult(Boolean queued) {
        return Map.of("queued", queued);
    }

    @Override
    public Effect verify(Notification n, Boolean queued) {
        return queued ? Effect.unknown("queued for " + notifier.receivers().size() + " notifiers; delivery is recorded as notify-delivered or notify-failed",
                Map.of()) : Effect.ineffective("dropped: the notification queue is full", Map.of());
    }
}
