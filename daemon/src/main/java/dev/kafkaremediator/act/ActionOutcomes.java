package dev.kafkaremediator.act;

import java.util.Locale;
import java.util.Map;

/**
 * Told how every action run ended, and each of its events once audited, so the daemon can count them
 * for Prometheus without this package depending on the daemon's metrics. Manual CLI actions run in
 * their own short-lived process with {@link #NONE}: they have no /metrics to show counts on.
 */
public interface ActionOutcomes {

    ActionOutcomes NONE = (cluster, action, result) -> { };

    /** Once per run, whatever its end. */
    void ended(String cluster, String action, RunResult result);

    /** An event of a run, after the audit recorded it. */
    default void event(String cluster, String action, String event, Map<String, Object> details) {
    }

    /**
     * The run's outcome as a label: effective, ineffective, unknown (done, effect not measurable), refused,
     * failed, dry-run, declined (not confirmed; only by hand).
     */
    static String outcome(RunResult r) {
        return switch (r.status()) {
            case DONE -> r.effect().map(e -> e.outcome().name().toLowerCase(Locale.ROOT)).orElse("unknown");
            case DRY_RUN -> "dry-run";
            default -> r.status().name().toLowerCase(Locale.ROOT);
        };
    }
}
