package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.act.Notification;
import dev.kafkaremediator.act.Notifications;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings Alertmanager must keep seeing as firing: every open finding whose policy notifies.
 * Alertmanager holds state, not messages: it ends an alert nobody sends again before its endsAt,
 * so {@link #tick} re-sends each one to each Alertmanager notifier at that notifier's interval,
 * and {@link #resolve} sends it once more, ended, when the finding resolves.
 *
 * <p>This lives beside the policy jobs, not in them: a policy's schedule may be hourly (too slow
 * for a resolve_timeout of minutes) and a reload reschedules those jobs but leaves this alone. A
 * restarted daemon refills it from the stored open findings whose policies notify ({@link #restore}),
 * so an open finding keeps firing across restarts.
 *
 * <p>One lock orders a re-send and a resolve of the same finding: a re-send queued after the
 * resolve would make Alertmanager fire the alert again until its endsAt.
 */
final class FiringAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(FiringAlerts.class);

    private final Notifications notifications;
    private final Ticker ticker;
    private final Map<String, Notification> firing = new LinkedHashMap<>();
    private final Map<String, Long> lastResent = new HashMap<>();

    /** @param ticker measures the re-send intervals: monotonic, so a wall-clock jump neither floods nor stalls re-sends */
    FiringAlerts(Notifications notifications, Ticker ticker) {
        this.notifications = notifications;
        this.ticker = ticker;
    }

    /** Whether anyone holds alert state; without an Alertmanager notifier nothing here does anything. */
    boolean active() {
        return !notifications.alertReceivers().isEmpty();
    }

    /** The finding is open and its policy notifies: its alert as of the latest evaluation, dated when the finding opened. */
    synchronized void fire(OpenFinding finding, Notification latest) {
        if (active()) {
            firing.put(finding.key(), latest.startingAt(finding.firstSeen()));
        }
    }

    /**
     * At start, before the finding's policy is evaluated again (an hourly cron may be an hour
     * away): what the stored finding says, replaced by the full message at its next evaluation.
     * The caller passes only findings whose policy, as now in force, notifies.
     */
    synchronized void restore(String cluster, OpenFinding finding) {
        if (!active() || firing.containsKey(finding.key())) {
            return;
        }
        firing.put(finding.key(), new Notification(cluster, finding.policy(), finding.entity(), finding.severity(), finding.firstSeen(),
                finding.policy() + " on " + finding.entity(), finding.summary().isEmpty() ? List.of() : List.of(finding.summary()), List.of(), false,
                Map.of("finding", finding.key()), Notification.Kind.FINDING));
    }

    /** The finding resolved at {@code at}: if its alert fires, Alertmanager is told with endsAt = {@code at}, audited under {@code events}. */
    synchronized void resolve(OpenFinding finding, Instant at, ActionEvents events) {
        Notification alert = firing.remove(finding.key());
        if (alert != null) {
            notifications.resolve(alert, at, events);
        }
    }

    /**
     * After a policy reload, {@code policies} being those that notify: a removed policy's findings
     * are evaluated no more, so they never resolve, and a policy that no longer notifies has no
     * alerts; neither is re-sent, and Alertmanager ends them at their last endsAt.
     */
    synchronized void retainPolicies(Set<String> policies) {
        firing.values().removeIf(n -> !policies.contains(n.policy()));
    }

    /** Re-sends every firing alert to each Alertmanager notifier whose interval has passed; returns how many were queued. */
    synchronized int tick() {
        long now = ticker.nanos();
        int queued = 0;
        for (Map.Entry<String, Duration> receiver : notifications.alertReceivers().entrySet()) {
            Long last = lastResent.get(receiver.getKey());
            if (last != null && now - last < receiver.getValue().toNanos()) {
                continue;
            }
            lastResent.put(receiver.getKey(), now);
            int sent = 0;
            for (Notification alert : firing.values()) {
                sent += notifications.resend(receiver.getKey(), alert) ? 1 : 0;
            }
            if (!firing.isEmpty()) {
                LOG.debug("re-sent {} of {} firing alerts to {}", sent, firing.size(), receiver.getKey());
            }
            queued += sent;
        }
        return queued;
    }

    /** Whether {@link #tick} would re-send anything now: some alert fires and some notifier's interval has passed. */
    synchronized boolean due() {
        if (firing.isEmpty()) {
            return false;
        }
        long now = ticker.nanos();
        return notifications.alertReceivers().entrySet().stream().anyMatch(r -> {
            Long last = lastResent.get(r.getKey());
            return last == null || now - last >= r.getValue().toNanos();
        });
    }

    /**
     * Several instances: only the clusters this instance ran last keep their alerts here. Another
     * instance ran the cluster since, and fires, re-sends and ends its alerts; re-sending ours could
     * re-open one it has just resolved.
     */
    synchronized void retainClusters(Set<String> clusters) {
        firing.values().removeIf(n -> !clusters.contains(n.cluster()));
    }

    /** Another instance holds the cluster now: its alerts are that instance's to re-send and to end. */
    synchronized void forgetCluster(String cluster) {
        firing.values().removeIf(n -> n.cluster().equals(cluster));
    }

    synchronized int size() {
        return firing.size();
    }
}
