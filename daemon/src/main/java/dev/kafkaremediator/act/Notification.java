package dev.kafkaremediator.act;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message about a finding: what was seen (the evidence) and what was, or would be, done.
 *
 * @param at   when it began: for a finding's own alert, when the finding opened (Alertmanager's startsAt, the same on every re-send)
 * @param kind whether it is the finding's own alert, kept firing in Alertmanager while the finding is open, or a one-off event about it
 */
public record Notification(String cluster, String policy, String entity, String severity, Instant at, String title, List<String> evidence,
                           List<String> actions, boolean dryRun, Map<String, Object> details, Kind kind) {

    /** What a notification stands for, which decides how Alertmanager is to hold it. */
    public enum Kind {
        /** The finding itself: one alert per finding, re-sent while it is open, ended when it resolves. */
        FINDING,
        /** Something that happened to the finding (its ladder halted, a roll stopped): its own alert, sent once. */
        EVENT
    }

    public Notification {
        evidence = List.copyOf(evidence);
        actions = List.copyOf(actions);
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public String text() {
        StringBuilder text = new StringBuilder("[" + severity.toUpperCase(java.util.Locale.ROOT) + "] " + title + " (cluster " + cluster
                + ", " + entity + ")" + (dryRun ? " [dry-run]" : ""));
        evidence.forEach(e -> text.append("\n- ").append(e));
        if (!actions.isEmpty()) {
            text.append("\nactions: ").append(String.join(" -> ", actions));
        }
        return text.toString();
    }

    /** The same message dated {@code startsAt}: a re-send keeps the time the finding opened, not the latest evaluation's. */
    public Notification startingAt(Instant startsAt) {
        return new Notification(cluster, policy, entity, severity, startsAt, title, evidence, actions, dryRun, details, kind);
    }
}
