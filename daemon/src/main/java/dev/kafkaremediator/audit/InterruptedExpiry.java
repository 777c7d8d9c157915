package dev.kafkaremediator.audit;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.ClusterChanges;
import dev.kafkaremediator.act.ExpireProducersStep;
import dev.kafkaremediator.observe.BrokerConfigEntry;
import dev.kafkaremediator.observe.ClusterAdmin;
import dev.kafkaremediator.observe.SourceFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A remediator killed while producer.id.expiration.ms was lowered leaves it lowered: idle ids then
 * expire after minutes for good, and producers that pause longer than that risk duplicates. The
 * audit says so: an {@code expiry-lowered} record with what to restore, and no {@code end} (nor an
 * {@code expiry-restored}) after it. At its next start the remediator puts back what was there,
 * where the value is still the one it set (an operator's later change is left alone and reported),
 * and records {@code expiry-restored} under the same action id.
 */
public final class InterruptedExpiry {
    static final String RESTORED = "expiry-restored";
    private static final String CONFIG = ExpireProducersStep.CONFIG;

    private InterruptedExpiry() {
    }

    /** One lowering whose restore did not happen, or did not finish. */
    public record Pending(String actionId, Instant at, String lowered, Optional<String> clusterDefault, Map<Integer, Optional<String>> brokers) { }

    /** The cluster's lowerings since {@code since} with no end and no restore after them. */
    public static List<Pending> find(AuditLog audit, String cluster, Instant since) throws AuditException {
        Map<String, Pending> open = new LinkedHashMap<>();
        for (AuditEvent e : audit.read(since).events()) {
            if (!e.cluster().equals(cluster) || e.dryRun()) {
                continue;
            }
            if (e.event().equals(ExpireProducersStep.LOWERED) && e.details().get(ExpireProducersStep.RESTORE_TO) instanceof Map<?, ?> to) {
                Map<Integer, Optional<String>> brokers = new LinkedHashMap<>();
                if (to.get("brokers") instanceof Map<?, ?> b) {
                    b.forEach((id, v) -> brokers.put(Integer.parseInt(String.valueOf(id)), value(v)));
                }
                open.put(e.actionId(), new Pending(e.actionId(), e.time(), String.valueOf(e.details().get("value")), value(to.get("cluster")), brokers));
            } else if (e.event().equals("end") || e.event().equals(RESTORED)) {
                open.remove(e.actionId());
            }
        }
        return List.copyOf(open.values());
    }

    private static Optional<String> value(Object v) {
        return v == null || String.valueOf(v).isEmpty() ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /**
     * Restores each pending lowering where the value in force is still the lowered one, and audits
     * what was done under the lowering's action id. Returns one line per lowering, for the log.
     */
    public static List<String> restore(List<Pending> pending, String cluster, ClusterAdmin reads, ClusterChanges changes, AuditLog audit,
                                       Clock clock, Duration timeout) {
        List<String> lines = new ArrayList<>();
        for (Pending p : pending) {
            List<String> done = new ArrayList<>();
            boolean complete = true;
            try {
                if (reads.clusterDefault(CONFIG, timeout).filter(p.lowered()::equals).isPresent()) {
                    changes.setClusterDefault(CONFIG, p.clusterDefault(), timeout);
                    done.add("cluster default " + p.clusterDefault().orElse("(removed)"));
                } else {
                    done.add("cluster default no longer " + p.lowered() + ": left as it is");
                }
                Map<Integer, Map<String, BrokerConfigEntry>> overrides = p.brokers().isEmpty() ? Map.of()
                        : reads.brokerConfigs(p.brokers().keySet(), Set.of(CONFIG), timeout);
                for (Map.Entry<Integer, Optional<String>> b : p.brokers().entrySet()) {
                    Optional<String> now = Optional.ofNullable(overrides.getOrDefault(b.getKey(), Map.of()).get(CONFIG))
                            .filter(BrokerConfigEntry::perBrokerOverride).flatMap(BrokerConfigEntry::value);
                    if (now.filter(p.lowered()::equals).isPresent()) {
                        changes.setBrokerConfig(b.getKey(), CONFIG, b.getValue(), timeout);
                        done.add("broker " + b.getKey() + " " + b.getValue().orElse("(override removed)"));
                    } else {
                        done.add("broker " + b.getKey() + " no longer " + p.lowered() + ": left as it is");
                    }
                }
            } catch (SourceFailure | ActionFailure e) {
                complete = false;
                done.add("not finished, tried again at the next start: " + e.getMessage());
            }
            String line = "cluster=" + cluster + " " + CONFIG + " lowered to " + p.lowered() + " by " + p.actionId() + " at " + p.at()
                    + " and never restored (the remediator stopped mid-action): " + String.join("; ", done);
            lines.add(line);
            if (complete) {
                try {
                    audit.append(new AuditEvent(clock.instant(), p.actionId(), RESTORED, cluster, "remediator (start)", false,
                            Map.of("restored", done, "finding", "restore of an interrupted expire-producers")));
                } catch (AuditException e) {
                    lines.add("cluster=" + cluster + " restore of " + p.actionId() + " not audited: " + e.getMessage());
                }
            }
        }
        return lines;
    }
}
