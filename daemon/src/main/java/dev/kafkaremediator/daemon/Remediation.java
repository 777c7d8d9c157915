package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.ActionStep;
import dev.kafkaremediator.act.ClassHistogramStep;
import dev.kafkaremediator.act.ExpireProducersStep;
import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.RollStep;
import dev.kafkaremediator.act.HeapDumpStep;
import dev.kafkaremediator.act.Notification;
import dev.kafkaremediator.act.Notifier;
import dev.kafkaremediator.act.NotifyStep;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.act.TrimStep;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.AuditingEvents;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.policy.ActionSpec;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.evaluate.Evidence;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.guard.TrimGuard;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.Planner;
import dev.kafkaremediator.plan.RemediationPlan;
import dev.kafkaremediator.plan.TrimPlanner;
import dev.kafkaremediator.time.BoundedWait;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's hands: for the findings of one policy's evaluation, notify when a finding opens, and
 * climb the policy's action ladder one step per evaluation and cluster: each action is tried once
 * per finding (an ineffective one escalates to the next, never repeats), a refusal by a cooldown
 * or a limit waits for a later evaluation, a refusal that cannot be forced moves on. Everything
 * goes through {@link ActionRunner}, so dry-run is the same path minus the change.
 */
final class Remediation {
    private static final Logger LOG = LoggerFactory.getLogger(Remediation.class);
    static final String DAEMON = "daemon";

    private final ClusterConfig cluster;
    private final boolean globalDryRun;
    private final ActionConnections actions;
    private final Notifier notifier;
    private final ActionLedger ledger;
    private final AuditLog audit;
    private final Clock clock;
    private final FileRollJournal journal;
    private final java.util.function.BooleanSupplier stopping;

    Remediation(ClusterConfig cluster, boolean globalDryRun, ActionConnections actions, Notifier notifier, ActionLedger ledger,
                AuditLog audit, Clock clock, FileRollJournal journal, java.util.function.BooleanSupplier stopping) {
        this.journal = journal;
        this.stopping = stopping;
        this.cluster = cluster;
        this.globalDryRun = globalDryRun;
        this.actions = actions;
        this.notifier = notifier;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Acts on one policy's evaluation; returns the open findings with what was attempted added.
     *
     * @param opened the keys of the findings this evaluation opened
     */
    Map<String, OpenFinding> act(Policy policy, List<RemediationPlan> plans, List<String> opened, Map<String, OpenFinding> open,
                                 ClusterSnapshot snapshot, ClusterConnections connections) throws InterruptedException {
        Map<String, OpenFinding> next = new LinkedHashMap<>(open);
        ActionContext context = new ActionContext(cluster, connections.admin(), actions.changes(), actions.diagnostics(), connections.jmx(), snapshot, ledger,
                new BoundedWait(clock, BoundedWait.Pause.threadSleep()));
        boolean acted = false;
        for (RemediationPlan plan : plans) {
            Finding finding = plan.finding();
            if (opened.contains(finding.key())) {
                auditFinding(finding, plan);
                notify(policy, plan, context);
            }
            OpenFinding state = next.get(finding.key());
            if (acted || state == null || finding.actionsWithheld().isPresent()) {
                continue;
            }
            for (ActionSpec spec : policy.actions()) {
                if (spec instanceof ActionSpec.Notify || !spec.limits().enabled() || state.attempted().contains(spec.kind())) {
                    continue;
                }
                Ladder outcome = climb(spec, finding, policy, context, connections);
                if (outcome == Ladder.WAIT) {
                    break;
                }
                state = state.withAttempted(spec.kind());
                next.put(finding.key(), state);
                acted = outcome == Ladder.RAN;
                break;
            }
        }
        return next;
    }

    private enum Ladder { RAN, MOVE_ON, WAIT }

    private Ladder climb(ActionSpec spec, Finding finding, Policy policy, ActionContext context, ClusterConnections connections)
            throws InterruptedException {
        List<ActionStep<?, ?>> steps = steps(spec, finding, context);
        boolean dryRun = policy.effectiveDryRun(globalDryRun);
        if (spec instanceof ActionSpec.Roll && cluster.restartCommand().isEmpty()) {
            record(finding, spec.kind(), "skipped", Map.of("why", "no restart-command configured for cluster " + cluster.name()));
            return Ladder.MOVE_ON;
        }
        if (spec instanceof ActionSpec.Roll) {
            // The roll records its progress broker by broker under its own action id.
            String id = actionId();
            AuditingEvents events = new AuditingEvents(audit, clock, id, cluster.name(), DAEMON + " (policy " + policy.name() + ")", dryRun,
                    Optional.empty());
            List<Integer> brokers = rollBrokers(finding, policy, context.snapshot());
            RunResult r = ActionRunner.run(new RollStep(context, () -> connections.observer().observe(), journal, events, brokers, false, stopping),
                    ActionRunner.Mode.daemon(dryRun), events);
            LOG.info("cluster={} policy={} roll {} -> {} (audit id {})", cluster.name(), policy.name(), brokers, r.status().name().toLowerCase(Locale.ROOT), id);
            boolean stopped = r.status() == RunResult.Status.FAILED
                    || r.effect().map(e -> e.outcome() == dev.kafkaremediator.act.Effect.Outcome.INEFFECTIVE).orElse(false);
            if (stopped && !notifier.targets().isEmpty()) {
                // A stopped roll leaves a cluster half-restarted: people must know, whatever the notify cooldown says.
                String why = r.effect().map(e -> e.summary()).or(() -> r.failure()).orElse("stopped");
                notifier.submit(new Notification(cluster.name(), policy.name(), "cluster " + cluster.name(), "critical", clock.instant(),
                        "Rolling restart stopped", List.of(why), List.of("roll " + brokers), dryRun, Map.of("audit", id)), events);
            }
            return r.status() == RunResult.Status.REFUSED && r.refusedBy().map(v -> v.overridable()).orElse(false) ? Ladder.WAIT : Ladder.RAN;
        }
        if (steps.isEmpty()) {
            String why = "no target for this finding";
            record(finding, spec.kind(), "skipped", Map.of("why", why));
            return Ladder.MOVE_ON;
        }
        Ladder result = Ladder.RAN;
        for (ActionStep<?, ?> step : steps) {
            String id = actionId();
            RunResult r = ActionRunner.run(step, ActionRunner.Mode.daemon(dryRun),
                    new AuditingEvents(audit, clock, id, cluster.name(), DAEMON + " (policy " + policy.name() + ")", dryRun, Optional.empty()));
            LOG.info("cluster={} policy={} {} {} -> {}{} (audit id {})", cluster.name(), policy.name(), step.kind(), step.target(),
                    r.status().name().toLowerCase(Locale.ROOT), r.effect().map(e -> ": " + e.outcome().name().toLowerCase(Locale.ROOT) + ", " + e.summary())
                            .or(() -> r.refusedBy().map(v -> ": " + v)).or(() -> r.failure().map(f -> ": " + f)).orElse(""), id);
            if (r.status() == RunResult.Status.REFUSED && r.refusedBy().map(v -> v.overridable()).orElse(false)) {
                result = Ladder.WAIT;
            }
        }
        return result;
    }

    /** The brokers holding replicas of the topics the policy's trim would touch; every broker when there is no such trim. */
    private static List<Integer> rollBrokers(Finding finding, Policy policy, ClusterSnapshot snapshot) {
        List<String> topics = policy.actions().stream().filter(a -> a instanceof ActionSpec.Trim).findFirst()
                .map(t -> Planner.trimTopics(finding, (ActionSpec.Trim) t, snapshot)).orElse(List.of());
        return Planner.rollOrder(topics, snapshot);
    }

    private List<ActionStep<?, ?>> steps(ActionSpec spec, Finding finding, ActionContext context) {
        List<ActionStep<?, ?>> steps = new ArrayList<>();
        if (spec instanceof ActionSpec.ClassHistogram h) {
            Planner.diagnosedBrokers(finding, context.snapshot())
                    .forEach(b -> steps.add(new ClassHistogramStep(context, b, h.top(), h.limits(), Duration.ofMinutes(2))));
        } else if (spec instanceof ActionSpec.HeapDump d) {
            Planner.diagnosedBrokers(finding, context.snapshot())
                    .forEach(b -> steps.add(new HeapDumpStep(context, b, d.live(), d.limits(), Duration.ofMinutes(10))));
        } else if (spec instanceof ActionSpec.ExpireProducers e) {
            steps.add(new ExpireProducersStep(context, e.expiration(), e.await(), e.restore(), e.limits()));
        } else if (spec instanceof ActionSpec.Trim t) {
            List<String> topics = Planner.trimTopics(finding, t, context.snapshot());
            if (!topics.isEmpty()) {
                steps.add(new TrimStep(context, topics, t.toEnd() ? TrimPlanner.Extent.end() : TrimPlanner.Extent.olderThan(t.olderThan().orElseThrow()),
                        new TrimGuard.Limits(t.topics(), t.allowPastConsumers(), t.maxPartitions(), t.maxRecords(), t.maxFraction()), t.limits()));
            }
        }
        return steps;
    }

    /** Notifications go out in dry-run too: telling people is not a change to the cluster. */
    private void notify(Policy policy, RemediationPlan plan, ActionContext context) throws InterruptedException {
        Optional<ActionSpec.Notify> spec = policy.actions().stream().filter(a -> a instanceof ActionSpec.Notify && a.limits().enabled())
                .map(a -> (ActionSpec.Notify) a).findFirst();
        if (spec.isEmpty() || notifier.targets().isEmpty()) {
            return;
        }
        Finding f = plan.finding();
        List<String> evidence = new ArrayList<>(f.metEvidence().stream().map(Evidence::summary).toList());
        if (!f.topTopics().isEmpty()) {
            evidence.add("top topics by producer-state growth: " + String.join(", ", f.topTopics().stream().map(t -> t.topic() + " (" + t.entries()
                    + (t.growthPerHour().isPresent() ? String.format(Locale.ROOT, ", %+.0f/h", t.growthPerHour().getAsDouble()) : "") + ")").toList()));
        }
        spec.get().message().ifPresent(evidence::add);
        List<String> steps = plan.steps().stream().filter(s -> !s.action().equals("notify"))
                .map(s -> s.action() + " " + s.target() + s.skipped().map(w -> " (skipped: " + w + ")").orElse("")).toList();
        Notification n = new Notification(f.cluster(), f.policy(), f.entity().toString(), f.severity().name().toLowerCase(Locale.ROOT), f.at(),
                f.description(), evidence, steps, f.dryRun(), Map.of("finding", f.key()));
        String id = actionId();
        AuditingEvents events = new AuditingEvents(audit, clock, id, cluster.name(), DAEMON + " (policy " + policy.name() + ")", f.dryRun(), Optional.empty());
        ActionRunner.run(new NotifyStep(context, notifier, n, events, spec.get().limits()), ActionRunner.Mode.daemon(false), events);
    }

    private void auditFinding(Finding f, RemediationPlan plan) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("policy", f.policy());
        details.put("entity", f.entity().toString());
        details.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        details.put("evidence", f.metEvidence().stream().map(Evidence::summary).toList());
        details.put("plan", plan.steps().stream().map(s -> s.order() + ". " + s.action() + " -> " + s.target()
                + s.skipped().map(w -> " [skipped: " + w + "]").orElse("")).toList());
        f.actionsWithheld().ifPresent(w -> details.put("actionsWithheld", w));
        record(f, "finding", "opened", details);
    }

    private void record(Finding f, String action, String event, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("finding", f.key());
        all.put("action", action);
        try {
            audit.append(new AuditEvent(clock.instant(), "finding-" + Integer.toHexString(f.key().hashCode()), event, cluster.name(), DAEMON,
                    f.dryRun(), all));
        } catch (AuditException e) {
            LOG.error("cluster={} audit failed: {}", cluster.name(), e.getMessage());
        }
    }

    private static String actionId() {
        return "act-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
