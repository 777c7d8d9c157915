package dev.kafkaremediator.act;

import dev.kafkaremediator.plan.Action;
import java.util.List;
import java.util.Map;

/**
 * The one place a planned action becomes the steps that carry it out: the daemon's ladder and
 * every on-call command go through here, so what {@code plan} prints is what runs. A diagnosis of
 * several brokers is one step per broker, each guarded and audited on its own.
 */
public final class ActionFactory {
    private ActionFactory() {
    }

    /** The steps for {@code action}, in order; none for a trim with no topic. */
    public static List<ActionStep<?, ?>> steps(Action action, ActionContext context) {
        if (action instanceof Action.ClassHistogram h) {
            return h.brokers().stream().<ActionStep<?, ?>>map(b -> new ClassHistogramStep(context, b, h)).toList();
        } else if (action instanceof Action.HeapDump d) {
            return d.brokers().stream().<ActionStep<?, ?>>map(b -> new HeapDumpStep(context, b, d)).toList();
        } else if (action instanceof Action.ExpireProducers e) {
            return List.of(new ExpireProducersStep(context, e));
        } else if (action instanceof Action.Trim t) {
            return t.topics().isEmpty() ? List.of() : List.of(new TrimStep(context, t));
        } else if (action instanceof Action.Roll r) {
            return List.of(new RollStep(context, r));
        } else {
            Action.Notify n = (Action.Notify) action;
            return List.of(new NotifyStep(context, notification(context.cluster().name(), n), n.limits()));
        }
    }

    /** The finding's own alert, as a notify step sends it when the finding opens and the daemon re-sends it to Alertmanager. */
    public static Notification notification(String cluster, Action.Notify n) {
        return new Notification(cluster, n.policy(), n.entity(), n.severity(), n.at(), n.title(), n.evidence(), n.steps(), n.dryRun(),
                Map.of("finding", n.findingKey()), Notification.Kind.FINDING);
    }
}
