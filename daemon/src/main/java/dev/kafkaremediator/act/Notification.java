package dev.kafkaremediator.act;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One message about a finding: what was seen (the evidence) and what was, or would be, done. */
public record Notification(String cluster, String policy, String entity, String severity, Instant at, String title, List<String> evidence,
                           List<String> actions, boolean dryRun, Map<String, Object> details) {

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
}
