package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.guard.CooldownGuard;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.guard.Verdicts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one {@link ActionStep} the same way for the daemon, the on-call CLI and dry runs: the plan
 * and every verdict are recorded first, the cooldown and daily limit among them; a dry run stops
 * right before the change; a forced run passes only overridable refusals, with the reason
 * recorded; the run is entered in the ledger right before the change, so a failed change still
 * counts against the cooldown. With several remediators the run holds the cluster's lease: it is
 * confirmed (same fencing token) right before the ledger entry and the change, and every audit record
 * of the run carries the token ({@code leaseToken}), so an action can be traced to the lease it ran under.
 */
public final class ActionRunner {
    private final ActionLedger ledger;
    private final String cluster;
    private final Clock clock;
    private final ActionOutcomes outcomes;
    private final ClusterLease lease;

    public ActionRunner(ActionLedger ledger, String cluster, Clock clock) {
        this(ledger, cluster, clock, ActionOutcomes.NONE);
    }

    public ActionRunner(ActionLedger ledger, String cluster, Clock clock, ActionOutcomes outcomes) {
        this(ledger, cluster, clock, outcomes, ClusterLease.none());
    }

    private ActionRunner(ActionLedger ledger, String cluster, Clock clock, ActionOutcomes outcomes, ClusterLease lease) {
        this.ledger = ledger;
        this.cluster = cluster;
        this.clock = clock;
        this.outcomes = outcomes;
        this.lease = lease;
    }

    /** The same runner, telling {@code outcomes} how each run ended (the daemon's counters). */
    public ActionRunner withOutcomes(ActionOutcomes outcomes) {
        return new ActionRunner(ledger, cluster, clock, outcomes, lease);
    }

    /** The same runner, making its change only while {@code lease} is still this instance's. */
    public ActionRunner underLease(ClusterLease lease) {
        return new ActionRunner(ledger, cluster, clock, outcomes, lease);
    }

    /** Asked once the guards passed and before the change is made: an on-call engineer's "yes". */
    @FunctionalInterface
    public interface Confirmation {
        boolean confirm(Map<String, Object> plan);

        static Confirmation granted() {
            return plan -> true;
        }
    }

    /** How this run may proceed. {@code force} needs a {@code reason}; non-overridable guards hold regardless. */
    public record Mode(boolean dryRun, boolean force, Optional<String> reason, Confirmation confirmation) {
        public Mode {
            if (force && reason.filter(r -> !r.isBlank()).isEmpty()) {
                throw new IllegalArgumentException("--force needs a --reason");
            }
        }

        public static Mode daemon(boolean dryRun) {
            return new Mode(dryRun, false, Optional.empty(), Confirmation.granted());
        }
    }

    public <P, R> RunResult run(ActionStep<P, R> step, Mode mode, ActionEvents events) throws InterruptedException {
        ActionEvents told = (event, details) -> {
            Map<String, Object> withToken = details;
            if (lease.token().isPresent()) {
                withToken = new LinkedHashMap<>(details);
                withToken.put("leaseToken", lease.token().getAsLong());
            }
            events.record(event, withToken);
            outcomes.event(cluster, step.kind(), event, details);
        };
        RunResult result = runOnce(step, mode, told);
        outcomes.ended(cluster, step.kind(), result);
        return result;
    }

    private <P, R> RunResult runOnce(ActionStep<P, R> step, Mode mode, ActionEvents events) throws InterruptedException {
        P prepared;
        try {
            prepared = step.prepare();
        } catch (ActionFailure e) {
            Map<String, Object> failed = new LinkedHashMap<>(Map.of("stage", "prepare", "error", e.getMessage(), "kind", e.kind().name()));
            recordQuietly(events, "failed", failed);
            return RunResult.failed(Map.of(), List.of(), e);
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("action", step.kind());
        plan.put("target", step.target());
        plan.putAll(step.describe(prepared));
        List<Verdict> all = new ArrayList<>(step.guard(prepared));
        step.limits().ifPresent(limits -> all.add(cooldown(step, limits)));
        Verdicts verdicts = new Verdicts(all);
        try {
            events.record("plan", plan);
            for (Verdict v : verdicts.all()) {
                events.record("guard", Map.of("guard", v.guard(), "allowed", v.allowed(), "overridable", v.overridable(), "reasons", v.reasons()));
            }
            Optional<Verdict> blocking = verdicts.blocking(mode.force());
            if (blocking.isPresent()) {
                events.record("refused", Map.of("guard", blocking.get().guard(), "reasons", blocking.get().reasons()));
                return RunResult.refused(plan, verdicts.all(), blocking.get());
            }
            if (!verdicts.refusals().isEmpty()) {
                events.record("forced", Map.of("past", verdicts.refusals().stream().map(Verdict::guard).toList(), "reason", mode.reason().orElse("")));
            }
            if (mode.dryRun()) {
                events.record("dry-run", Map.of("note", "everything above was observed, planned and guarded; the change itself was not made"));
                return RunResult.ended(RunResult.Status.DRY_RUN, plan, verdicts.all());
            }
            if (!mode.confirmation().confirm(plan)) {
                events.record("declined", Map.of("note", "not confirmed; nothing was changed"));
                return RunResult.ended(RunResult.Status.DECLINED, plan, verdicts.all());
            }
            try {
                // Still ours, with the same token, right before anything is recorded or changed: a remediator paused past its
                // lease stops here, before the instance that took over may act (it waits out the lease's margin first).
                lease.confirm();
            } catch (ActionFailure e) {
                events.record("failed", Map.of("stage", "lease", "error", e.getMessage(), "kind", e.kind().name(), "stopsPlan", e.stopsPlan()));
                return RunResult.failed(plan, verdicts.all(), e);
            }
            Optional<Verdict> taken = enterInLedger(step, mode.force());
            if (taken.isPresent()) {
                // Another runner (a CLI beside the daemon) ran it between our check and now.
                events.record("refused", Map.of("guard", taken.get().guard(), "reasons", taken.get().reasons()));
                return RunResult.refused(plan, verdicts.all(), taken.get());
            }
            events.record("start", Map.of());
            R result;
            try {
                result = step.execute(prepared, events);
            } catch (ActionFailure e) {
                events.record("failed", Map.of("stage", "execute", "error", e.getMessage(), "kind", e.kind().name(), "stopsPlan", e.stopsPlan()));
                return RunResult.failed(plan, verdicts.all(), e);
            }
            events.record("end", step.describeResult(result));
            Effect effect = step.verify(prepared, result);
            Map<String, Object> effectDetails = new LinkedHashMap<>();
            effectDetails.put("outcome", effect.outcome().name().toLowerCase(java.util.Locale.ROOT));
            effectDetails.put("summary", effect.summary());
            effectDetails.putAll(effect.figures());
            events.record("effect", effectDetails);
            return RunResult.done(plan, verdicts.all(), effect);
        } catch (ActionFailure e) {
            return RunResult.failed(plan, verdicts.all(), e);
        }
    }

    private Verdict cooldown(ActionStep<?, ?> step, ActionLimits limits) {
        try {
            return new CooldownGuard(ledger).check(cluster, step.kind(), step.ledgerTarget(), limits, clock.instant());
        } catch (RuntimeException e) {
            // An unreadable ledger cannot prove the cooldown passed; an operator may still force it.
            return Verdict.refuse(CooldownGuard.NAME, true, "the cooldown cannot be checked: " + e.getMessage());
        }
    }

    /**
     * The cooldown checked again and the run recorded as one step (the ledger's lock), right before
     * the change; empty when recorded, the refusal when someone else's run took the slot since the plan.
     */
    private Optional<Verdict> enterInLedger(ActionStep<?, ?> step, boolean force) throws ActionFailure {
        if (step.limits().isEmpty()) {
            return Optional.empty();
        }
        Verdict verdict;
        try {
            verdict = new CooldownGuard(ledger).checkAndRecord(cluster, step.kind(), step.ledgerTarget(), step.limits().get(), clock.instant(), force);
        } catch (RuntimeException e) {
            // Nothing changed yet; without the entry the cooldown could not hold, so do not go on.
            throw new ActionFailure("cannot record the run in the action ledger: " + e.getMessage(), ActionFailure.Kind.RETRY_LATER, e);
        }
        return verdict.allowed() || (force && verdict.overridable()) ? Optional.empty() : Optional.of(verdict);
    }

    private static void recordQuietly(ActionEvents events, String event, Map<String, Object> details) {
        try {
            events.record(event, details);
        } catch (ActionFailure ignored) {
            // the failure itself is what the caller reports
        }
    }
}
