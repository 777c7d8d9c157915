package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionFactory;
import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.ActionStep;
import dev.kafkaremediator.act.Notification;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.AuditingEvents;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.plan.RemediationPlan;
import dev.kafkaremediator.plan.Step;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's hands: for the plans of one policy's evaluation, notify when a finding opens, and
 * climb each plan's steps one rung per evaluation and cluster. A rung is the plan's next runnable
 * step not yet attempted for the finding, run exactly as planned through {@link ActionFactory} and
 * {@link ActionRunner} (so dry-run is the same path minus the change). What happens next follows
 * how the rung ended: done (effective or not) moves up at the next evaluation; refused by a
 * cooldown or limit, or failed in a way that may pass, waits and tries the same rung again; a
 * failure that stops the plan, needs a person, or a roll that stopped halts the ladder for that
 * finding until it resolves, and people are told.
 */
final class Remediation {
    private static final Logger LOG = LoggerFactory.getLogger(Remediation.class);
    static final String DAEMON = "daemon";

    private final String cluster;
    private final boolean globalDryRun;
    private final AuditLog audit;
    private final Clock clock;
    private final dev.kafkaremediator.act.ActionOutcomes outcomes;
    private final ActionsInProgress inProgress;

    Remediation(String cluster, boolean globalDryRun, AuditLog audit, Clock clock) {
        this(cluster, globalDryRun, audit, clock, dev.kafkaremediator.act.ActionOutcomes.NONE);
    }

    /** @param outcomes told how every action run ended (the daemon's /metrics counters) */
    Remediation(String cluster, boolean globalDryRun, AuditLog audit, Clock clock, dev.kafkaremediator.act.ActionOutcomes outcomes) {
        this(cluster, globalDryRun, audit, clock, outcomes, new ActionsInProgress());
    }

    /** @param inProgress where each action is marked while it runs, for the start-up repair of a watch opened beside it */
    Remediation(String cluster, boolean globalDryRun, AuditLog audit, Clock clock, dev.kafkaremediator.act.ActionOutcomes outcomes,
                ActionsInProgress inProgress) {
        this.inProgress = inProgress;
        this.cluster = cluster;
        this.globalDryRun = globalDryRun;
        this.audit = audit;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    private ActionRunner runner(ActionContext context) {
        return context.runner().withOutcomes(outcomes);
    }

    /** How one rung ended, for the ladder. */
    private record Rung(Climb climb, String why) {
        static final Rung RAN = new Rung(Climb.RAN, "");
        static final Rung WAIT = new Rung(Climb.WAIT, "");
    }

    private enum Climb { RAN, WAIT, HALT }

    /**
     * Acts on one policy's evaluation; returns the open findings with what was attempted added.
     *
     * @param opened the keys of the findings this evaluation opened
     */
    Map<String, OpenFinding> act(Policy policy, List<RemediationPlan> plans, List<String> opened, Map<String, OpenFinding> open,
                                 ActionContext context) throws InterruptedException {
        Map<String, OpenFinding> next = new LinkedHashMap<>(open);
        boolean acted = false;
        for (RemediationPlan plan : plans) {
            Finding finding = plan.finding();
            OpenFinding state = next.get(finding.key());
            if (state == null) {
                continue;
            }
            if (opened.contains(finding.key())) {
                auditFinding(finding, state, plan);
                notifyOpened(policy, plan, state, context);
            }
            if (acted || finding.actionsWithheld().isPresent() || state.ladderHalted()) {
                continue;
            }
            OpenFinding attempted = state;
            Optional<Step> rung = plan.steps().stream()
                    .filter(s -> !(s.action() instanceof Action.Notify) && s.runnable() && !attempted.attempted().contains(s.kind())).findFirst();
            if (rung.isEmpty()) {
                continue;
            }
            if (context.stopping().getAsBoolean()) {
                // The remediator is stopping: nothing new starts; the finding stays open and the next start takes it up.
                LOG.info("cluster={} policy={} {} not started on {}: the remediator is stopping", cluster, policy.name(), rung.get().kind(),
                        finding.entity());
                continue;
            }
            Rung outcome = climb(rung.get(), state, policy, context);
            if (outcome.climb() == Climb.WAIT) {
                continue;
            }
            state = state.withAttempted(rung.get().kind());
            if (outcome.climb() == Climb.HALT) {
                state = state.halted(outcome.why());
                LOG.warn("cluster={} policy={} remediation of {} halted: {}", cluster, policy.name(), finding.entity(), outcome.why());
                record(state, "halted", Map.of("action", rung.get().kind(), "why", outcome.why()), finding.dryRun());
                tellHalted(policy, finding, state, rung.get(), outcome.why(), context);
            }
            next.put(finding.key(), state);
            acted = true;
        }
        return next;
    }

    private Rung climb(Step rung, OpenFinding finding, Policy policy, ActionContext context) throws InterruptedException {
        boolean dryRun = policy.effectiveDryRun(globalDryRun);
        List<ActionStep<?, ?>> steps = ActionFactory.steps(rung.action(), context);
        ActionRunner runner = runner(context);
        boolean ran = false;
        boolean waits = false;
        for (ActionStep<?, ?> step : steps) {
            AuditingEvents events = events(policy, finding, dryRun);
            RunResult r;
            try (ActionsInProgress.Running running = inProgress.start(events.actionId())) {
                r = runner.run(step, ActionRunner.Mode.daemon(dryRun), events);
            }
            LOG.info("cluster={} policy={} {} {} -> {}{} (audit id {})", cluster, policy.name(), step.kind(), step.target(),
                    r.status().name().toLowerCase(Locale.ROOT), r.effect().map(e -> ": " + e.outcome().name().toLowerCase(Locale.ROOT) + ", " + e.summary())
                            .or(() -> r.refusedBy().map(v -> ": " + v)).or(() -> r.failure().map(f -> ": " + f)).orElse(""), events.actionId());
            ActionFailure.Kind kind = r.failureKind().orElse(null);
            if (diagnosis(rung.action()) && r.status() == RunResult.Status.FAILED) {
                // A diagnosis changes nothing on the cluster: its failure (a missing dump directory, JMX not answering) must
                // neither hold up nor halt the cure. It is audited and the ladder moves on.
                ran = true;
                continue;
            }
            if (kind == ActionFailure.Kind.STOPS_PLAN || kind == ActionFailure.Kind.FORCEABLE) {
                // The brokers after this one are left alone: a person looks first.
                return new Rung(Climb.HALT, step.kind() + " " + step.target() + " failed" + (kind == ActionFailure.Kind.FORCEABLE
                        ? " (an operator may run it by hand with --force --reason)" : "") + ": " + r.failure().orElse("") + " (audit id " + events.actionId() + ")");
            }
            if (rung.action() instanceof Action.Roll && r.ineffective()) {
                return new Rung(Climb.HALT, "roll stopped: " + r.effect().orElseThrow().summary() + " (audit id " + events.actionId() + ")");
            }
            if (kind == ActionFailure.Kind.RETRY_LATER || r.refusedForNow()) {
                waits = true;
            } else {
                ran = true;
            }
        }
        // A rung of several brokers is climbed once one of them ran: the others were refused because
        // they ran recently (their cooldown), so the diagnosis is covered; only a rung none of whose steps ran waits.
        return waits && !ran ? Rung.WAIT : Rung.RAN;
    }

    private static boolean diagnosis(Action action) {
        return action instanceof Action.HeapDump || action instanceof Action.ClassHistogram;
    }

    /** The plan's notify step, if it has one that runs: what the finding's alert says as of this evaluation. */
    static Optional<Action.Notify> notifyAction(RemediationPlan plan) {
        return plan.steps().stream().filter(s -> s.action() instanceof Action.Notify && s.runnable()).map(s -> (Action.Notify) s.action()).findFirst();
    }

    /**
     * Findings that resolved: Alertmanager is told at once (endsAt = {@code at}) instead of waiting
     * for the endsAt of the last re-send. Audited as the finding's notify-delivered or notify-failed.
     */
    void resolved(Policy policy, List<OpenFinding> resolved, java.time.Instant at, FiringAlerts alerts) {
        for (OpenFinding o : resolved) {
            alerts.resolve(o, at, events(policy, o, policy.effectiveDryRun(globalDryRun)));
        }
    }

    /** Notifications go out in dry-run too: telling people is not a change to the cluster. */
    private void notifyOpened(Policy policy, RemediationPlan plan, OpenFinding finding, ActionContext context) throws InterruptedException {
        Optional<Step> notify = plan.steps().stream().filter(s -> s.action() instanceof Action.Notify && s.runnable()).findFirst();
        if (notify.isEmpty() || context.clients().notifications().receivers().isEmpty()) {
            return;
        }
        for (ActionStep<?, ?> step : ActionFactory.steps(notify.get().action(), context)) {
            runner(context).run(step, ActionRunner.Mode.daemon(false), events(policy, finding, plan.finding().dryRun()));
        }
    }

    /** A halted ladder leaves a finding without remediation, perhaps a cluster half-restarted: people must know, whatever the notify cooldown says. */
    private void tellHalted(Policy policy, Finding finding, OpenFinding state, Step rung, String why, ActionContext context) {
        if (context.clients().notifications().receivers().isEmpty()) {
            return;
        }
        String title = rung.action() instanceof Action.Roll ? "Rolling restart stopped" : "Remediation halted";
        context.clients().notifications().submit(new Notification(cluster, policy.name(), finding.entity().toString(), "critical", clock.instant(),
                title, List.of(why), List.of(rung.kind() + " " + rung.target()), finding.dryRun(), Map.of("finding", finding.key(), "findingId",
                state.id()), Notification.Kind.EVENT), events(policy, state, finding.dryRun()));
    }

    private AuditingEvents events(Policy policy, OpenFinding finding, boolean dryRun) {
        return new AuditingEvents(audit, clock, "act-" + UUID.randomUUID().toString().substring(0, 8), cluster, DAEMON + " (policy " + policy.name() + ")",
                dryRun, AuditingEvents.Cause.finding(finding.key(), finding.id()));
    }

    private void auditFinding(Finding f, OpenFinding state, RemediationPlan plan) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("policy", f.policy());
        details.put("entity", f.entity().toString());
        details.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        details.put("evidence", f.metEvidence().stream().map(dev.kafkaremediator.evaluate.Evidence::summary).toList());
        details.put("plan", plan.steps().stream().map(Step::summary).toList());
        details.put("steps", plan.steps().stream().map(s -> Map.of("order", s.order(), "action", s.kind(), "parameters", s.action().parameters())).toList());
        f.actionsWithheld().ifPresent(w -> details.put("actionsWithheld", w));
        record(state, "opened", details, f.dryRun());
    }

    /** A finding's own records carry its id as their action id, so {@code audit --finding ID} finds them with everything done about it. */
    private void record(OpenFinding f, String event, Map<String, Object> details, boolean dryRun) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("finding", f.key());
        all.put("findingId", f.id());
        all.putIfAbsent("action", "finding");
        try {
            audit.append(new AuditEvent(clock.instant(), f.id(), event, cluster, DAEMON, dryRun, all));
        } catch (AuditException e) {
            LOG.error("cluster={} audit failed: {}", cluster, e.getMessage());
        }
    }
}
