package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.ClusterChanges;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.InterruptedExpiry;
import dev.kafkaremediator.observe.ClusterAdmin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A watch's start-up repair of producer.id.expiration.ms: a lowering the audit shows without its
 * end was left by a remediator that stopped mid-action, and is put back; unless the action that
 * lowered it is running in this process (a reload opened this watch beside it), which restores it
 * itself once every broker's expiry pass has run.
 */
final class ExpiryRepair {
    /** How far back the audit is read for a lowering left behind. */
    static final Duration LOOK_BACK = Duration.ofDays(7);

    private ExpiryRepair() {
    }

    /** Restores what stopped actions left lowered; returns one line per lowering, for the log. */
    static List<String> run(String cluster, ClusterAdmin reads, ClusterChanges changes, AuditLog audit, Clock clock, Duration timeout,
                            ActionsInProgress inProgress) throws AuditException {
        List<InterruptedExpiry.Pending> left = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (InterruptedExpiry.Pending p : InterruptedExpiry.find(audit, cluster, clock.instant().minus(LOOK_BACK))) {
            if (inProgress.running(p.actionId())) {
                lines.add("cluster=" + cluster + " producer.id.expiration.ms lowered to " + p.lowered() + " by " + p.actionId()
                        + ", which is still running here: left to it (it restores the value once every broker's expiry pass has run)");
            } else {
                left.add(p);
            }
        }
        lines.addAll(InterruptedExpiry.restore(left, cluster, reads, changes, audit, clock, timeout));
        return lines;
    }
}
