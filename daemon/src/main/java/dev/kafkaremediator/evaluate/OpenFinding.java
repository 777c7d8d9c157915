package dev.kafkaremediator.evaluate;

import java.time.Instant;

/**
 * A problem that is still going on: since when, last seen when, after how many evaluations, and
 * which of its policy's actions were already tried for it (so the ladder escalates, never repeats).
 */
public record OpenFinding(String key, String policy, String entity, String severity, Instant firstSeen, Instant lastSeen, int evaluations,
                          String summary, java.util.List<String> attempted) {

    public OpenFinding {
        attempted = attempted == null ? java.util.List.of() : java.util.List.copyOf(attempted);
    }

    public OpenFinding withAttempted(String action) {
        java.util.List<String> more = new java.util.ArrayList<>(attempted);
        more.add(action);
        return new OpenFinding(key, policy, entity, severity, firstSeen, lastSeen, evaluations, summary, more);
    }
}
