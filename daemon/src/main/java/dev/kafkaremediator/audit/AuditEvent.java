package dev.kafkaremediator.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit record: when, which action (all records of one action share its id), what happened
 * (finding, plan, guard, start, end, effect, notify ...), on which cluster, by whom (the daemon, or
 * an on-call user with a reason), whether it was a dry run, and the details (before/after values).
 */
public record AuditEvent(Instant time, String actionId, String event, String cluster, String actor, boolean dryRun, Map<String, Object> details) {

    public AuditEvent {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
