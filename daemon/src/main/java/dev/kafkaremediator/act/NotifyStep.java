package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.CooldownGuard;
import dev.kafkaremediator.guard.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queues a notification about a finding to every configured notifier; delivery is asynchronous and audited on its own. */
public final class NotifyStep implements ActionStep<Notification, Boolean> {
    static final String KIND = "notify";

    private final ActionContext context;
    private final Notifier notifier;
    private final Notification notification;
    private final ActionEvents events;
    private final ActionLimits limits;

    public NotifyStep(ActionContext context, Notifier notifier, Notification notification, ActionEvents events, ActionLimits limits) {
        this.context = context;
        this.notifier = notifier;
        this.notification = notification;
        this.events = events;
        this.limits = limits;
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
        d.put("notifiers", notifier.targets().stream().map(t -> t.name() + " (" + t.type().name().toLowerCase(java.util.Locale.ROOT) + ")").toList());
        d.put("text", n.text());
        return d;
    }

    @Override
    public List<Verdict> guard(Notification n) {
        return List.of(new CooldownGuard(context.ledger()).check(context.cluster().name(), KIND, target(), limits, context.now()));
    }

    @Override
    public Boolean execute(Notification n) {
        context.ledger().record(context.cluster().name(), KIND, target(), context.now());
        return notifier.submit(n, events);
    }

    @Override
    public Map<String, Object> describeResult(Boolean queued) {
        return Map.of("queued", queued);
    }

    @Override
    public Effect verify(Notification n, Boolean queued) {
        return queued ? Effect.unknown("queued for " + notifier.targets().size() + " notifiers; delivery is recorded as notify-delivered or notify-failed",
                Map.of()) : Effect.ineffective("dropped: the notification queue is full", Map.of());
    }
}
