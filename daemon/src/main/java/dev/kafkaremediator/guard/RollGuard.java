package dev.kafkaremediator.guard;

import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ControllerQuorum;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.TopicConfigs;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Can this broker be restarted now? Asked again immediately before each stop, on a fresh snapshot.
 * None of these refusals can be forced: each one means an acks=all producer or the controller
 * quorum would suffer.
 */
public final class RollGuard {
    static final String QUORUM = "controller-quorum";

    /** What the check reads besides the snapshot. */
    public record Inputs(ClusterSnapshot snapshot, Set<TopicPartition> reassignments, ControllerQuorum quorum) { }

    private RollGuard() {
    }

    public static List<Verdict> canRoll(int broker, Inputs in) {
        return List.of(offline(in.snapshot()), others(broker, in.snapshot()), self(broker, in.snapshot()), minIsr(broker, in.snapshot()),
                reassignments(in.reassignments()), quorum(broker, in.quorum()));
    }

    static Verdict offline(ClusterSnapshot s) {
        if (s.topics().optional().isEmpty()) {
            return Verdict.refuse("offline-partitions", false, "partitions unknown: " + s.topics().unknownReason().orElse(""));
        }
        List<String> offline = new ArrayList<>();
        s.topics().optional().get().forEach(t -> t.partitions().stream().filter(PartitionSnapshot::offline)
                .forEach(p -> offline.add(t.name() + "-" + p.partition())));
        return offline.isEmpty() ? Verdict.allow("offline-partitions", "none offline")
                : Verdict.refuse("offline-partitions", false, "offline: " + String.join(", ", offline));
    }

    /** Every other broker registered and RUNNING: a roll never starts on, or continues into, a cluster already missing a broker. */
    static Verdict others(int broker, ClusterSnapshot s) {
        List<String> unhealthy = new ArrayList<>();
        for (BrokerSnapshot b : s.brokers()) {
            if (b.id() == broker) {
                continue;
            }
            if (!b.registered()) {
                unhealthy.add("broker " + b.id() + " is not registered");
            } else if (!b.jmx().brokerState().optional().map("RUNNING"::equals).orElse(false)) {
                unhealthy.add("broker " + b.id() + " is " + b.jmx().brokerState().optional().orElse("unknown (" + b.jmx().brokerState().unknownReason()
                        .orElse("") + ")"));
            }
        }
        return unhealthy.isEmpty() ? Verdict.allow("other-brokers", "every other broker is registered and RUNNING")
                : Verdict.refuse("other-brokers", false, unhealthy);
    }

    /** The broker itself is up and not in log recovery (a recovering broker is never interrupted). */
    static Verdict self(int broker, ClusterSnapshot s) {
        String state = s.broker(broker).flatMap(b -> b.jmx().brokerState().optional()).orElse("unknown");
        return "RECOVERY".equals(state) || "STARTING".equals(state)
                ? Verdict.refuse("log-recovery", false, "broker " + broker + " is in " + state + ": never interrupted")
                : Verdict.allow("log-recovery", "broker " + broker + " is " + state);
    }

    /**
     * For every partition with a replica here: the ISR without this broker keeps min.insync.replicas.
     * A partition whose replication factor is at most its min ISR can never pass; it is reported
     * (producers with acks=all will see errors while this broker restarts) but does not block forever.
     */
    static Verdict minIsr(int broker, ClusterSnapshot s) {
        if (s.topics().optional().isEmpty()) {
            return Verdict.refuse("min-isr", false, "partitions unknown: " + s.topics().unknownReason().orElse(""));
        }
        List<String> below = new ArrayList<>();
        List<String> atRisk = new ArrayList<>();
        for (TopicSnapshot t : s.topics().optional().get()) {
            Integer minIsr = t.configs().optional().flatMap(TopicConfigs::minInsyncReplicas).orElse(null);
            for (PartitionSnapshot p : t.partitions()) {
                if (!p.replicas().contains(broker)) {
                    continue;
                }
                if (minIsr == null) {
                    below.add(t.name() + "-" + p.partition() + ": min.insync.replicas unknown (" + t.configs().unknownReason().orElse("") + ")");
                    continue;
                }
                long isrWithout = p.isr().stream().filter(id -> id != broker).count();
                if (p.replicas().size() <= minIsr) {
                    atRisk.add(t.name() + "-" + p.partition() + " (replication factor " + p.replicas().size() + " <= min " + minIsr + ")");
                } else if (isrWithout < minIsr) {
                    below.add(t.name() + "-" + p.partition() + " would have " + isrWithout + " in-sync replica" + (isrWithout == 1 ? "" : "s")
                            + ", min " + minIsr);
                }
            }
        }
        if (!below.isEmpty()) {
            return Verdict.refuse("min-isr", false, below);
        }
        return Verdict.allow("min-isr", atRisk.isEmpty() ? "every partition keeps min.insync.replicas without broker " + broker
                : "every partition keeps min.insync.replicas, except those that never can: " + String.join(", ", atRisk));
    }

    static Verdict reassignments(Set<TopicPartition> inProgress) {
        return inProgress.isEmpty() ? Verdict.allow("reassignments", "none in progress")
                : Verdict.refuse("reassignments", false, inProgress.size() + " partition reassignments in progress, e.g. " + inProgress.iterator().next());
    }

    /**
     * The controller quorum keeps a leader and a caught-up majority without this broker, the rule of
     * Strimzi's roller (KafkaQuorumCheck): with no leader nothing restarts (a restarted broker could
     * not even register); a voter counts when it is the leader or caught up within
     * {@code controller.quorum.fetch.timeout.ms} of it; the candidate never counts. Without it, a
     * majority of all voters must remain, except in the quorums that cannot have one: a single voter
     * may go (restarting it is unavoidable), and of two voters one may go when the other is caught up.
     * Both are allowed with a warning in the reason: the metadata is unavailable meanwhile.
     */
    static Verdict quorum(int broker, ControllerQuorum q) {
        if (!q.hasLeader()) {
            return Verdict.refuse(QUORUM, false, "the controller quorum has no leader (leader id " + q.leaderId() + "): no broker restarts until one is elected");
        }
        if (!q.isVoter(broker)) {
            return Verdict.allow(QUORUM, "broker " + broker + " is not a controller voter");
        }
        int voters = q.voters();
        if (voters == 1) {
            return Verdict.allow(QUORUM, "broker " + broker + " is the only controller voter: restarting it is unavoidable, and the cluster's"
                    + " metadata is unavailable until it is back (three voters avoid this)");
        }
        if (!q.isVoter(q.leaderId()) || q.leaderTime().isEmpty()) {
            return Verdict.refuse(QUORUM, false, "the quorum leader " + q.leaderId() + " reports no last caught-up time of its own: "
                    + "which voters are caught up cannot be judged");
        }
        List<Integer> caughtUpOthers = q.lastCaughtUp().keySet().stream().filter(v -> v != broker && q.caughtUp(v)).sorted().toList();
        String within = "caught up within " + q.fetchTimeout().toMillis() + " ms of leader " + q.leaderId();
        if (voters == 2) {
            return caughtUpOthers.size() == 1
                    ? Verdict.allow(QUORUM, "the other of 2 controller voters is " + within + "; with 2 voters the metadata is unavailable while"
                            + " broker " + broker + " restarts (three voters avoid this)")
                    : Verdict.refuse(QUORUM, false, "the other of 2 controller voters is not " + within);
        }
        int majority = voters / 2 + 1;
        return caughtUpOthers.size() >= majority
                ? Verdict.allow(QUORUM, caughtUpOthers.size() + " other voters of " + voters + " " + within + " " + caughtUpOthers
                        + " (majority " + majority + ")")
                : Verdict.refuse(QUORUM, false, "without broker " + broker + " only " + caughtUpOthers.size() + " of " + voters + " voters are "
                        + within + " " + caughtUpOthers + "; a majority needs " + majority);
    }
}
