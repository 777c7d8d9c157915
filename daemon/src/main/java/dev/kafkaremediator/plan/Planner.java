package dev.kafkaremediator.plan;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.policy.ActionSpec;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Scope;
import dev.kafkaremediator.evaluate.Evidence;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.evaluate.TopicTrend;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns policy x finding x snapshot into typed steps, each with every parameter it will run with.
 * Pure: it reads the snapshot and the cluster's settings, calls nothing. Trim offsets per partition
 * are read when the trim is prepared (they need listOffsets); here a trim names its topics and extent.
 */
public final class Planner {
    private Planner() {
    }

    public static RemediationPlan plan(Finding finding, Policy policy, ClusterSnapshot snapshot, ClusterConfig cluster) {
        List<Step> steps = new ArrayList<>();
        List<String> trimTopics = List.of();
        boolean trimToEnd = false;
        int notifyAt = -1;
        int order = 1;
        for (ActionSpec spec : policy.actions()) {
            Optional<String> skipped = Optional.empty();
            if (!spec.limits().enabled()) {
                skipped = Optional.of("off in policy " + policy.name() + " (enabled = false)");
            } else if (!(spec instanceof ActionSpec.Notify) && finding.actionsWithheld().isPresent()) {
                skipped = Optional.of("withheld: " + finding.actionsWithheld().get());
            }
            Action action;
            if (spec instanceof ActionSpec.Notify) {
                notifyAt = steps.size();
                action = null; // built last: it lists the other steps
            } else if (spec instanceof ActionSpec.ClassHistogram h) {
                action = new Action.ClassHistogram(diagnosedBrokers(finding, snapshot), h.top(), h.timeout(), h.limits());
            } else if (spec instanceof ActionSpec.HeapDump d) {
                action = new Action.HeapDump(diagnosedBrokers(finding, snapshot), d.live(), d.timeout(), d.limits());
            } else if (spec instanceof ActionSpec.ExpireProducers e) {
                action = new Action.ExpireProducers(finding.cluster(), e.expiration(), e.await(), e.restore(), e.floor(), e.limits());
            } else if (spec instanceof ActionSpec.Trim t) {
                trimTopics = trimTopics(finding, t, snapshot);
                trimToEnd = t.toEnd() && t.limits().enabled();
                if (skipped.isEmpty() && trimTopics.isEmpty()) {
                    skipped = Optional.of("no topic of this finding is allowed by the trim's topics { allow }");
                }
                action = new Action.Trim(trimTopics, t.toEnd() ? TrimPlanner.Extent.end() : TrimPlanner.Extent.olderThan(t.olderThan().orElseThrow()),
                        new TrimLimits(t.topics(), t.allowPastConsumers(), t.maxPartitions(), t.maxRecords(), t.maxFraction()), t.limits());
            } else {
                ActionSpec.Roll roll = (ActionSpec.Roll) spec;
                action = roll(finding.cluster(), trimTopics, trimToEnd, snapshot, roll, cluster);
                if (skipped.isEmpty() && cluster.restartCommand().isEmpty()) {
                    skipped = Optional.of("no restart-command configured for cluster " + cluster.name());
                }
            }
            steps.add(new Step(order++, action, skipped));
        }
        if (notifyAt >= 0) {
            Step placeholder = steps.get(notifyAt);
            ActionSpec.Notify spec = (ActionSpec.Notify) policy.actions().get(notifyAt);
            steps.set(notifyAt, new Step(placeholder.order(), notify(finding, spec, steps), placeholder.skipped()));
        }
        return new RemediationPlan(finding, steps, finding.dryRun());
    }

    private static Action.Roll roll(String clusterName, List<String> trimTopics, boolean trimToEnd, ClusterSnapshot snapshot, ActionSpec.Roll roll,
                                    ClusterConfig cluster) {
        List<Integer> brokers = rollOrder(trimTopics, snapshot);
        // The policy may say; otherwise the cluster's roll settings do.
        boolean election = roll.preferredLeaderElection().orElse(cluster.roll().preferredLeaderElection());
        String why = trimTopics.isEmpty() ? "every broker of the cluster"
                : "the brokers holding replicas of " + String.join(", ", trimTopics) + " (a trim frees producer state only on restarted brokers, KIP-360)";
        return new Action.Roll(clusterName, brokers, false, election, roll.limits(), why, trimToEnd ? trimTopics : List.of());
    }

    private static Action.Notify notify(Finding finding, ActionSpec.Notify spec, List<Step> steps) {
        List<String> evidence = new ArrayList<>(finding.metEvidence().stream().map(Evidence::summary).toList());
        if (!finding.topTopics().isEmpty()) {
            evidence.add("top topics by producer-state growth: " + finding.topTopics().stream().map(Planner::trend).collect(Collectors.joining(", ")));
        }
        spec.message().ifPresent(evidence::add);
        List<String> others = steps.stream().filter(s -> s.action() != null)
                .map(s -> s.kind() + " " + s.target() + s.skipped().map(w -> " (skipped: " + w + ")").orElse("")).toList();
        return new Action.Notify(spec.limits(), finding.key(), finding.policy(), finding.entity().toString(),
                finding.severity().name().toLowerCase(Locale.ROOT), finding.at(), finding.description(), evidence, others, finding.dryRun());
    }

    private static String trend(TopicTrend t) {
        return t.topic() + " (" + t.entries() + " entries" + (t.growthPerHour().isPresent()
                ? String.format(Locale.ROOT, ", %+.0f/h", t.growthPerHour().getAsDouble()) : "") + ")";
    }

    /** A broker finding is about one broker; any other finding looks at every broker. */
    public static List<Integer> diagnosedBrokers(Finding finding, ClusterSnapshot snapshot) {
        if (finding.entity().scope() == Scope.BROKER) {
            return List.of(finding.entity().brokerId());
        }
        return snapshot.brokers().stream().filter(BrokerSnapshot::registered).map(BrokerSnapshot::id).toList();
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

    /** Brokers holding a replica of the topics (every broker when there are none), the active controller last. */
    public static List<Integer> rollOrder(List<String> topics, ClusterSnapshot snapshot) {
        Set<Integer> brokers = new TreeSet<>();
        if (topics.isEmpty()) {
            snapshot.brokers().forEach(b -> brokers.add(b.id()));
        } else {
            snapshot.topics().optional().orElse(List.of()).stream().filter(t -> topics.contains(t.name()))
                    .forEach(t -> t.partitions().forEach(p -> brokers.addAll(p.replicas())));
        }
        return controllerLast(brokers, activeController(snapshot));
    }

    /** The broker whose JMX says it is the active controller (in KRaft combined mode, the quorum leader). */
    public static Optional<Integer> activeController(ClusterSnapshot snapshot) {
        return snapshot.brokers().stream().filter(b -> b.jmx().activeController().optional().orElse(false)).map(BrokerSnapshot::id).findFirst();
    }

    /**
     * The one rule for a roll's order, used by the plan and again by the roll when it starts (the
     * controller may have moved): ascending ids, the controller last, each broker once. Restarting
     * the controller last costs one controller election instead of one per restarted broker.
     */
    public static List<Integer> controllerLast(Collection<Integer> brokers, Optional<Integer> controller) {
        return brokers.stream().distinct().sorted(Comparator.comparing((Integer id) -> controller.map(id::equals).orElse(false))
                .thenComparing(id -> id)).toList();
    }
}
