package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.guard.TrimGuard;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.PartitionOffsets;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.plan.PartitionTrim;
import dev.kafkaremediator.plan.TrimLimits;
import dev.kafkaremediator.plan.TrimPlan;
import dev.kafkaremediator.plan.TrimPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * deleteRecords on the given topics, to the end, to an age or to an offset. The plan names every
 * partition's offsets before and after and the records removed; the guards decide; the effect is
 * checked by reading the log start offsets back. A trim alone frees no producer-id state (KIP-360,
 * measured on Kafka 4.4): only a restart of the brokers holding the replicas does, after a trim to the end.
 */
public final class TrimStep implements ActionStep<TrimPlan, Map<TopicPartition, Long>> {
    static final String KIND = "trim";

    private final ActionContext context;
    private final List<String> topics;
    private final TrimPlanner.Extent extent;
    private final TrimLimits limits;
    private final ActionLimits cooldown;

    public TrimStep(ActionContext context, Action.Trim planned) {
        this.context = context;
        this.topics = List.copyOf(new TreeSet<>(planned.topics()));
        this.extent = planned.extent();
        this.limits = planned.trimLimits();
        this.cooldown = planned.limits();
    }

    @Override
    public Optional<ActionLimits> limits() {
        return Optional.of(cooldown);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String target() {
        return target(topics);
    }

    /** A trim's target, also its key in the action ledger: a roll that frees trimmed topics looks for it there. */
    static String target(List<String> topics) {
        return "topics " + String.join(",", new TreeSet<>(topics));
    }

    @Override
    public TrimPlan prepare() throws ActionFailure {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            if (dev.kafkaremediator.observe.TopicLayout.isInternalName(topic)) {
                continue; // never read, never trimmed: the internal-topics guard refuses the whole trim
            }
            TopicSnapshot t = context.snapshot().topic(topic).orElseThrow(() -> new ActionFailure("no topic " + topic + " in cluster "
                    + context.cluster().name() + (context.snapshot().topics().isKnown() ? "" : " (its topics are unknown: "
                    + context.snapshot().topics().unknownReason().orElse("") + ")"), false));
            t.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        try {
            Map<TopicPartition, PartitionOffsets> offsets = context.reads().partitionOffsets(partitions,
                    extent.olderThan().map(age -> context.now().minus(age)), context.cluster().timeouts().admin());
            return TrimPlanner.plan(context.cluster().name(), topics, extent, offsets,
                    context.snapshot().consumerOffsets().optional().orElse(new ConsumerOffsets(Map.of())));
        } catch (SourceFailure e) {
            throw new ActionFailure("cannot read the offsets to trim: " + e.getMessage(), false, e);
        }
    }

    @Override
    public Map<String, Object> describe(TrimPlan plan) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("topics", plan.topics());
        d.put("extent", plan.extent());
        d.put("recordsRemoved", plan.recordsRemoved());
        d.put("partitions", plan.partitions().stream().map(TrimStep::partition).toList());
        return d;
    }

    private static Map<String, Object> partition(PartitionTrim p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("partition", p.partition().toString());
        d.put("logStartBefore", p.logStart());
        d.put("logStartAfter", p.target());
        d.put("end", p.end());
        d.put("recordsRemoved", p.recordsRemoved());
        p.lowestCommitted().ifPresent(o -> d.put("lowestCommittedOffset", o));
        return d;
    }

    @Override
    public List<Verdict> guard(TrimPlan plan) {
        List<Verdict> verdicts = new ArrayList<>(TrimGuard.check(plan, limits, context.snapshot()));
        if (!context.snapshot().consumerOffsets().isKnown() && !limits.allowPastConsumers()) {
            verdicts.add(Verdict.refuse("consumer-offsets-known", false, "consumer group offsets are unknown ("
                    + context.snapshot().consumerOffsets().unknownReason().orElse("") + "): cannot prove the trim stays behind every consumer"));
        }
        return verdicts;
    }

    @Override
    public Map<TopicPartition, Long> execute(TrimPlan plan, ActionEvents events) throws ActionFailure {
        Map<TopicPartition, Long> targets = new LinkedHashMap<>();
        plan.effective().forEach(p -> targets.put(p.partition(), p.target()));
        if (targets.isEmpty()) {
            return Map.of();
        }
        return context.changes().deleteRecords(targets, context.cluster().timeouts().admin());
    }

    @Override
    public Map<String, Object> describeResult(Map<TopicPartition, Long> lowWatermarks) {
        Map<String, Object> d = new LinkedHashMap<>();
        lowWatermarks.forEach((tp, lw) -> d.put(tp.toString(), lw));
        return Map.of("lowWatermarks", d);
    }

    @Override
    public Effect verify(TrimPlan plan, Map<TopicPartition, Long> lowWatermarks) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("recordsRemoved", plan.recordsRemoved());
        figures.put("partitions", plan.effective().size());
        figures.put("producerStateFreed", false);
        figures.put("producerStateNote", "a trim alone frees no producer-id state (KIP-360); a trim to the end followed by a restart of the brokers "
                + "holding the replicas does");
        if (plan.effective().isEmpty()) {
            return Effect.unknown("nothing to trim: every partition already starts at its target", figures);
        }
        try {
            List<TopicPartition> partitions = plan.effective().stream().map(PartitionTrim::partition).toList();
            Map<TopicPartition, PartitionOffsets> now = context.reads().partitionOffsets(partitions, Optional.empty(),
                    context.cluster().timeouts().admin());
            List<String> short_ = plan.effective().stream().filter(p -> now.get(p.partition()).logStart() < p.target())
                    .map(p -> p.partition() + " starts at " + now.get(p.partition()).logStart() + ", not " + p.target()).toList();
            return short_.isEmpty()
                    ? Effect.effective(plan.recordsRemoved() + " records removed from " + plan.effective().size() + " partitions of " + plan.topics(), figures)
                    : Effect.ineffective("log start offsets not moved: " + String.join("; ", short_), figures);
        } catch (SourceFailure e) {
            return Effect.unknown("cannot read the log start offsets back: " + e.getMessage(), figures);
        }
    }
}
