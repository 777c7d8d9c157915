package dev.kafkaremediator.audit;

import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.act.ActionFailure;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An action's events as audit records: the same action id, cluster, actor and dry-run flag on
 * each, and what caused it on each ({@link Cause}): the finding's key and id, so an action can be
 * joined to the finding behind it, or "manual" with the operator's reason.
 */
public final class AuditingEvents implements ActionEvents {

    /** Why an action runs: a finding (key and id), or an operator by hand (with the reason). */
    public record Cause(String finding, Optional<String> findingId, Optional<String> reason) {
        public static final String MANUAL = "manual";

        public static Cause finding(String key, String id) {
            return new Cause(key, Optional.of(id), Optional.empty());
        }

        public static Cause manual(String reason) {
            return new Cause(MANUAL, Optional.empty(), Optional.of(reason));
        }

        void addTo(Map<String, Object> details) {
            details.put("finding", finding);
            findingId.ifPresent(id -> details.put("findingId", id));
            reason.ifPresent(r -> details.put("reason", r));
        }
    }

    private final AuditLog log;
    private final Clock clock;
    private final String actionId;
    private final String cluster;
    private final String actor;
    private final boolean dryRun;
    private final Cause cause;

    public AuditingEvents(AuditLog log, Clock clock, String actionId, String cluster, String actor, boolean dryRun, Cause cause) {
        this.log = log;
        this.clock = clock;
        this.actionId = actionId;
        this.cluster = cluster;
        this.actor = actor;
        this.dryRun = dryRun;
        this.cause = cause;
    }

    public String actionId() {
        return actionId;
    }

    @Override
    public void record(String event, Map<String, Object> details) throws ActionFailure {
        Map<String, Object> all = new LinkedHashMap<>(details);
        cause.addTo(all);
        try {
            log.append(new AuditEvent(clock.instant(), actionId, event, cluster, actor, dryRun, all));
        } catch (AuditException e) {
            throw new ActionFailure("stopped: " + e.getMessage() + " (nothing is done without an audit trail)", true, e);
        }
    }
}
