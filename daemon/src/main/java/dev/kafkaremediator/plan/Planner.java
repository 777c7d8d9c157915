package dev.kafkaremediator.plan;

import dev.kafkaremediator.config.policy.ActionSpec;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Scope;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.evaluate.TopicTrend;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.time.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a finding and its policy's actions into ordered steps with their targets. Pure: it reads
 * the snapshot, calls nothing. Trim offsets per partition are computed when the trim is prepared
 * (they need listOffsets); here a trim names its topics and extent.
 */
public final class Planner {
    private Planner() {
    }

    public static RemediationPlan plan(Finding finding, Policy policy, ClusterSnapshot snapshot) {
        List<Step> steps = new ArrayList<>();
        List<String> trimTopics = List.of();
        int order = 1;
        for (ActionSpec action : policy.actions()) {
            Optional<String> skipped = Optional.empty();
            if (!action.limits().enabled()) {
                skipped = Optional.of("off in policy " + policy.name() + " (enabled = false)");
            } else if (!(action instanceof ActionSpec.Notify) && finding.actionsWithheld().isPresent()) {
                skipped = Optional.of("withheld: " + finding.actionsWithheld().get());
            }
            Step step;
            if (action instanceof ActionSpec.Notify notify) {
                step = new Step(order, action.kind(), "notifiers", notifyText(finding, notify), skipped);
            } else if (action instanceof ActionSpec.ClassHistogram histogram) {
                step = new Step(order, action.kind(), brokersText(diagnosedBrokers(finding, snapshot)),
                        "GC.class_histogram over JMX (DiagnosticCommand); report the top " + histogram.top()
                                + " classes and the share of heap held by producer state", skipped);
            } else if (action instanceof ActionSpec.HeapDump dump) {
                step = new Step(order, action.kind(), brokersText(diagnosedBrokers(finding, snapshot)),
                        "HotSpotDiagnostic.dumpHeap over JMX, live=" + dump.live() + (dump.live() ? " (forces a full GC)" : "")
                                + "; the file is written on the broker's host", skipped);
            } else if (action instanceof ActionSpec.ExpireProducers expire) {
                step = new Step(order, action.kind(), "cluster " + finding.cluster(),
                        "set producer.id.expiration.ms = " + expire.expiration().toMillis() + " (" + Durations.format(expire.expiration())
                                + ") as the cluster default, wait at most " + Durations.format(expire.await()) + " for ProducerIdCount to fall, then "
                                + (expire.restore() ? "restore the previous value" : "keep the new value"), skipped);
            } else if (action instanceof ActionSpec.Trim trim) {
                trimTopics = trimTopics(finding, trim, snapshot);
                if (skipped.isEmpty() && trimTopics.isEmpty()) {
                    skipped = Optional.of("no topic of this finding is allowed by the trim's topics { allow }");
                }
                step = new Step(order, action.kind(), trimTopics.isEmpty() ? "no topic" : "topics " + String.join(", ", trimTopics),
                        "deleteRecords " + (trim.toEnd() ? "to the end (high watermark)" : "of records older than " + Durations.format(trim.olderThan().orElseThrow()))
                                + (trim.allowPastConsumers() ? ", even past committed consumer offsets" : ", never past a consumer group's committed offset")
                                + "; at most " + trim.maxPartitions() + " partitions, " + trim.maxRecords() + " records, "
                                + Math.round(trim.maxFraction() * 100) + "% of a topic", skipped);
            } else {
                ActionSpec.Roll roll = (ActionSpec.Roll) action;
                List<Integer> brokers = rollOrder(trimTopics, snapshot);
                step = new Step(order, action.kind(), "brokers " + brokers.stream().map(String::valueOf).collect(Collectors.joining(" -> ")),
                        "restart one broker at a time (active controller last), each only when every partition keeps min.insync.replicas without it"
                                + (roll.preferredLeaderElection() ? "; preferred leader election after" : "")
                                + (trimTopics.isEmpty() ? "" : "; the brokers holding replicas of " + String.join(", ", trimTopics)
                                + " (a trim frees producer state only on restarted brokers, KIP-360)"), skipped);
            }
            steps.add(step);
            order++;
        }
        return new RemediationPlan(finding, steps, finding.dryRun());
    }

    private static String notifyText(Finding finding, ActionSpec.Notify notify) {
        String topics = finding.topTopics().isEmpty() ? "" : "; top topics by producer-state growth: " + finding.topTopics().stream()
                .map(Planner::trend).collect(Collectors.joining(", "));
        return finding.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + finding.policy() + " on " + finding.entity()
                + notify.message().map(m -> ": " + m).orElse("") + topics;
    }

    private static String trend(TopicTrend t) {
        return t.topic() + " (" + t.entries() + " entries" + (t.growthPerHour().isPresent()
                ? String.format(java.util.Locale.ROOT, ", %+.0f/h", t.growthPerHour().getAsDouble()) : "") + ")";
    }

    /** A broker finding is about one broker; any other finding looks at every broker. */
    public static List<Integer> diagnosedBrokers(Finding finding, ClusterSnapshot snapshot) {
        if (finding.entity().scope() == Scope.BROKER) {
            return List.of(finding.entity().brokerId());
        }
        return snapshot.brokers().stream().filter(BrokerSnapshot::registered).map(BrokerSnapshot::id).toList();
    }

    private static String brokersText(List<Integer> brokers) {
        return (brokers.size() == 1 ? "broker " : "brokers ") + brokers.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** The finding's topic (topic scope), or the topics the finding names as growing (others): only those the trim allows. */
    public static List<String> trimTopics(Finding finding, ActionSpec.Trim trim, ClusterSnapshot snapshot) {
        Set<String> candidates = new TreeSet<>();
        if (finding.entity().scope() == Scope.TOPIC) {
            candidates.add(finding.entity().id());
        } else {
            finding.topTopics().forEach(t -> candidates.add(t.topic()));
            snapshot.topics().optional().orElse(List.of()).stream().map(TopicSnapshot::name).forEach(candidates::add);
        }
        return candidates.stream().filter(trim.topics()::matches).toList();
    }

    /** Brokers holding a replica of the topics (every registered broker when there are none), the active controller last. */
    public static List<Integer> rollOrder(List<String> topics, ClusterSnapshot snapshot) {
        Set<Integer> brokers = new TreeSet<>();
        if (topics.isEmpty()) {
            snapshot.brokers().forEach(b -> brokers.add(b.id()));
        } else {
            snapshot.topics().optional().orElse(List.of()).stream().filter(t -> topics.contains(t.name()))
                    .forEach(t -> t.partitions().forEach(p -> brokers.addAll(p.replicas())));
        }
        Optional<Integer> controller = snapshot.brokers().stream().filter(b -> b.jmx().activeController().optional().orElse(false))
                .map(BrokerSnapshot::id).findFirst();
        return brokers.stream().sorted(Comparator.comparing((Integer id) -> controller.map(id::equals).orElse(false)).thenComparing(id -> id))
                .toList();
    }
}
