package dev.kafkaremediator.guard;

import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.TopicLayout;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.plan.PartitionTrim;
import dev.kafkaremediator.plan.TrimLimits;
import dev.kafkaremediator.plan.TrimPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * May this trim run? Kafka's own topics never (not overridable); only allowed topics; never past
 * a consumer group's committed offset unless allowed; within the limits on partitions, records
 * and fraction of a topic; and only on a cluster with no offline partitions.
 */
public final class TrimGuard {

    private TrimGuard() {
    }

    public static List<Verdict> check(TrimPlan plan, TrimLimits limits, ClusterSnapshot snapshot) {
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(internalTopics(plan));
        verdicts.add(allowedTopics(plan, limits));
        verdicts.add(consumers(plan, limits));
        verdicts.add(limits(plan, limits));
        verdicts.add(health(snapshot));
        return verdicts;
    }

    static Verdict internalTopics(TrimPlan plan) {
        List<String> internal = plan.topics().stream().filter(TopicLayout::isInternalName).toList();
        return internal.isEmpty() ? Verdict.allow("internal-topics", "no Kafka-internal topic")
                : Verdict.refuse("internal-topics", false, "never trims Kafka's own topics: " + String.join(", ", internal));
    }

    static Verdict allowedTopics(TrimPlan plan, TrimLimits limits) {
        List<String> denied = plan.topics().stream().filter(t -> !limits.allowed().matches(t)).toList();
        return denied.isEmpty() ? Verdict.allow("allowed-topics", "every topic is allowed")
                : Verdict.refuse("allowed-topics", false, "not allowed by topics { allow/deny }: " + String.join(", ", denied));
    }

    static Verdict consumers(TrimPlan plan, TrimLimits limits) {
        List<String> past = new ArrayList<>();
        for (PartitionTrim p : plan.effective()) {
            if (p.lowestCommitted().isPresent() && p.target() > p.lowestCommitted().getAsLong()) {
                past.add(p.partition() + " would move to " + p.target() + " past committed offset " + p.lowestCommitted().getAsLong());
            }
        }
        if (past.isEmpty()) {
            return Verdict.allow("consumer-offsets", "no consumer group has committed below the trim points");
        }
        return limits.allowPastConsumers() ? Verdict.allow("consumer-offsets", "allowed past consumers: " + String.join("; ", past))
                : Verdict.refuse("consumer-offsets", true, past);
    }

    static Verdict limits(TrimPlan plan, TrimLimits limits) {
        List<String> over = new ArrayList<>();
        int partitions = plan.effective().size();
        if (partitions > limits.maxPartitions()) {
            over.add(partitions + " partitions > max-partitions " + limits.maxPartitions());
        }
        if (plan.recordsRemoved() > limits.maxRecords()) {
            over.add(plan.recordsRemoved() + " records > max-records " + limits.maxRecords());
        }
        plan.byTopic().forEach((topic, parts) -> {
            long present = parts.stream().mapToLong(p -> p.end() - p.logStart()).sum();
            long removed = parts.stream().mapToLong(PartitionTrim::recordsRemoved).sum();
            double fraction = present == 0 ? 0 : (double) removed / present;
            if (fraction > limits.maxFraction() + 1e-9) {
                over.add(String.format(Locale.ROOT, "%s: %.0f%% of its records > max-fraction %.0f%%", topic, 100 * fraction, 100 * limits.maxFraction()));
            }
        });
        return over.isEmpty() ? Verdict.allow("blast-radius", plan.effective().size() + " partitions, " + plan.recordsRemoved() + " records")
                : Verdict.refuse("blast-radius", true, over);
    }

    static Verdict health(ClusterSnapshot snapshot) {
        if (snapshot.topics().optional().isEmpty()) {
            return Verdict.refuse("cluster-health", false, "the cluster's partitions are unknown: " + snapshot.topics().unknownReason().orElse(""));
        }
        List<String> offline = new ArrayList<>();
        for (TopicSnapshot t : snapshot.topics().optional().get()) {
            for (PartitionSnapshot p : t.partitions()) {
                if (p.offline()) {
                    offline.add(t.name() + "-" + p.partition());
                }
            }
        }
        return offline.isEmpty() ? Verdict.allow("cluster-health", "no offline partitions")
                : Verdict.refuse("cluster-health", false, "offline partitions: " + String.join(", ", offline.subList(0, Math.min(10, offline.size())))
                        + (offline.size() > 10 ? " and " + (offline.size() - 10) + " more" : ""));
    }
}
