package dev.kafkaremediator.audit;

import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.act.ActionFailure;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An action's events as audit records: same action id, cluster, actor and dry-run flag on each, and the operator's reason if given. */
public final class AuditingEvents implements ActionEvents {
    private final AuditLog log;
    private final Clock clock;
    private final String actionId;
    private final String cluster;
    private final String actor;
    private final boolean dryRun;
    private final Optional<String> reason;

    public AuditingEvents(AuditLog log, Clock clock, String actionId, String cluster, String actor, boolean dryRun, Optional<String> reason) {
        this.log = log;
        this.clock = clock;
        this.actionId = actionId;
        this.cluster = cluster;
        this.actor = actor;
        this.dryRun = dryRun;
        this.reason = reason;
    }

    @Override
    public void record(String event, Map<String, Object> details) throws ActionFailure {
        Map<String, Object> all = new LinkedHashMap<>(details);
        reason.ifPresent(r -> all.put("reason", r));
        try {
            log.append(new AuditEvent(clock.instant(), actionId, event, cluster, actor, dryRun, all));
        } catch (AuditException e) {
            throw new ActionFailure("stopped: " + e.getMessage() + " (nothing is done without an audit trail)", true, e);
        }
    }
}
