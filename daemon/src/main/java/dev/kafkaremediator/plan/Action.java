package dev.kafkaremediator.plan;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one step of a plan will do, as a value with every parameter it runs with: the daemon, each
 * on-call command, {@code plan} and dry-run all execute exactly these (the act step turns one into
 * its actions). Limits, timeouts and leader election are resolved here, once, from the policy, the
 * cluster's settings or the command line; nothing downstream picks its own.
 */
public sealed interface Action {

    /** The action's name in policies, plans and the audit. */
    String kind();

    /** Cooldown and daily maximum of this action on its target. */
    ActionLimits limits();

    /** What it is done to, in words ("brokers 1, 2", "topics clicks"). */
    String target();

    /** What it will change, in words, before anything is done. */
    String description();

    /** Every parameter as plain values, for JSON output and the audit: what {@code plan} prints is what runs. */
    Map<String, Object> parameters();

    /** Send the finding with its evidence and the plan to the notifiers; telling people is not a change, so it goes out in dry-run too. */
    record Notify(ActionLimits limits, String findingKey, String policy, String entity, String severity, Instant at, String title,
                  List<String> evidence, List<String> steps, boolean dryRun) implements Action {
        public Notify {
            evidence = List.copyOf(evidence);
            steps = List.copyOf(steps);
        }

        public String kind() {
            return "notify";
        }

        public String target() {
            return "notifiers";
        }

        public String description() {
            return severity + ": " + policy + " on " + entity + (evidence.isEmpty() ? "" : ": " + String.join("; ", evidence));
        }

        public Map<String, Object> parameters() {
            return params("finding", findingKey, "severity", severity, "title", title, "evidence", evidence, "steps", steps);
        }
    }

    /** GC.class_histogram over JMX on each broker: the cheap first look at what fills the heap (forces a full GC). */
    record ClassHistogram(List<Integer> brokers, int top, Duration timeout, ActionLimits limits) implements Action {
        public ClassHistogram {
            brokers = List.copyOf(brokers);
        }

        public String kind() {
            return "class-histogram";
        }

        public String target() {
            return brokersText(brokers);
        }

        public String description() {
            return "GC.class_histogram over JMX (DiagnosticCommand); report the top " + top + " classes and the share of heap held by producer state"
                    + "; at most " + Durations.format(timeout) + " a broker";
        }

        public Map<String, Object> parameters() {
            return params("brokers", brokers, "top", top, "timeout", Durations.format(timeout), "limits", limitsOf(limits));
        }
    }

    /** HotSpotDiagnostic.dumpHeap over JMX on each broker; the file is written on the broker's host. */
    record HeapDump(List<Integer> brokers, boolean live, Duration timeout, ActionLimits limits) implements Action {
        public HeapDump {
            brokers = List.copyOf(brokers);
        }

        public String kind() {
            return "heap-dump";
        }

        public String target() {
            return brokersText(brokers);
        }

        public String description() {
            return "HotSpotDiagnostic.dumpHeap over JMX, live=" + live + (live ? " (forces a full GC)" : "")
                    + "; the file is written on the broker's host; at most " + Durations.format(timeout) + " a broker";
        }

        public Map<String, Object> parameters() {
            return params("brokers", brokers, "live", live, "timeout", Durations.format(timeout), "limits", limitsOf(limits));
        }
    }

    /**
     * Lower producer.id.expiration.ms (KIP-854) at the level in force on each broker (the cluster
     * default, and the per-broker overrides where there are some), keep it until every broker's expiry
     * pass has run after the change and its count has stopped falling, at most {@code await} (empty:
     * derived from the brokers' check intervals), then restore exactly what was there if
     * {@code restore}. Expirations below {@code floor} are refused unless forced.
     */
    record ExpireProducers(String cluster, Duration expiration, Optional<Duration> await, boolean restore, Duration floor, ActionLimits limits)
            implements Action {
        public String kind() {
            return "expire-producers";
        }

        public String target() {
            return "cluster " + cluster;
        }

        public String description() {
            return "set producer.id.expiration.ms = " + expiration.toMillis() + " (" + Durations.format(expiration)
                    + ") where it is in force (cluster default, per-broker overrides), keep it until every broker's expiry pass has run and "
                    + "its ProducerIdCount stopped falling (" + await.map(a -> "at most " + Durations.format(a))
                    .orElse("at most twice the slowest producer.id.expiration.check.interval.ms") + "), then "
                    + (restore ? "restore exactly what was there" : "keep the new value");
        }

        public Map<String, Object> parameters() {
            return params("expirationMs", expiration.toMillis(), "await", await.map(Durations::format).orElse("auto"), "restore", restore,
                    "floor", Durations.format(floor), "limits", limitsOf(limits));
        }
    }

    /** deleteRecords on the topics, as far as {@code extent}, within {@code trimLimits}; offsets per partition are read when it is prepared. */
    record Trim(List<String> topics, TrimPlanner.Extent extent, TrimLimits trimLimits, ActionLimits limits) implements Action {
        public Trim {
            topics = List.copyOf(new java.util.TreeSet<>(topics));
        }

        public String kind() {
            return "trim";
        }

        public String target() {
            return topics.isEmpty() ? "no topic" : "topics " + String.join(", ", topics);
        }

        public String description() {
            return "deleteRecords " + extent.describe()
                    + (trimLimits.allowPastConsumers() ? ", even past committed consumer offsets" : ", never past a consumer group's committed offset")
                    + "; at most " + trimLimits.maxPartitions() + " partitions, " + trimLimits.maxRecords() + " records, "
                    + Math.round(trimLimits.maxFraction() * 100) + "% of a topic";
        }

        public Map<String, Object> parameters() {
            return params("topics", topics, "extent", extent.describe(), "allowPastConsumers", trimLimits.allowPastConsumers(),
                    "maxPartitions", trimLimits.maxPartitions(), "maxRecords", trimLimits.maxRecords(), "maxFraction", trimLimits.maxFraction(),
                    "limits", limitsOf(limits));
        }
    }

    /**
     * A guarded rolling restart of {@code brokers} in this order (the active controller last), or the
     * continuation of the cluster's journaled roll when {@code resume}. {@code why} says which brokers
     * and why those. {@code freesTopics}: topics the plan trims to their end before the roll, whose
     * producer state the restarts free (KIP-360): the roll runs only once they were trimmed, and is
     * effective only when none of their state is left.
     */
    record Roll(String cluster, List<Integer> brokers, boolean resume, boolean preferredLeaderElection, ActionLimits limits, String why,
                List<String> freesTopics) implements Action {
        public Roll {
            brokers = List.copyOf(brokers);
            freesTopics = List.copyOf(freesTopics);
        }

        public Roll(String cluster, List<Integer> brokers, boolean resume, boolean preferredLeaderElection, ActionLimits limits, String why) {
            this(cluster, brokers, resume, preferredLeaderElection, limits, why, List.of());
        }

        public String kind() {
            return "roll";
        }

        public String target() {
            return resume ? "cluster " + cluster + " (the journaled roll)"
                    : "brokers " + brokers.stream().map(String::valueOf).collect(Collectors.joining(" -> "));
        }

        public String description() {
            return (resume ? "continue the interrupted roll, re-running every check; " : "")
                    + "restart one broker at a time (active controller last), each only when every partition keeps min.insync.replicas without it"
                    + (preferredLeaderElection ? "; preferred leader election after each" : "; no leader election")
                    + "; at most " + limits.maxPerDay() + " a day, " + Durations.format(limits.cooldown()) + " apart" + (why.isEmpty() ? "" : "; " + why);
        }

        public Map<String, Object> parameters() {
            return params("brokers", brokers, "resume", resume, "preferredLeaderElection", preferredLeaderElection, "freesTopics", freesTopics,
                    "limits", limitsOf(limits));
        }
    }

    private static String brokersText(List<Integer> brokers) {
        return (brokers.size() == 1 ? "broker " : "brokers ") + brokers.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static Map<String, Object> limitsOf(ActionLimits limits) {
        return params("cooldown", Durations.format(limits.cooldown()), "maxPerDay", limits.maxPerDay());
    }

    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
