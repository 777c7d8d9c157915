package dev.kafkaremediator.act;

import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.guard.Verdicts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one {@link ActionStep} the same way for the daemon, the on-call CLI and dry runs: the plan
 * and every verdict are recorded first; a dry run stops right before the change; a forced run
 * passes only overridable refusals, with the reason recorded.
 */
public final class ActionRunner {
    private ActionRunner() {
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

    public static <P, R> RunResult run(ActionStep<P, R> step, Mode mode, ActionEvents events) throws InterruptedException {
        P prepared;
        try {
            prepared = step.prepare();
        } catch (ActionFailure e) {
            recordQuietly(events, "failed", Map.of("stage", "prepare", "error", e.getMessage()));
            return new RunResult(RunResult.Status.FAILED, Map.of(), List.of(), Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("action", step.kind());
        plan.put("target", step.target());
        plan.putAll(step.describe(prepared));
        Verdicts verdicts = new Verdicts(step.guard(prepared));
        try {
            events.record("plan", plan);
            for (Verdict v : verdicts.all()) {
                events.record("guard", Map.of("guard", v.guard(), "allowed", v.allowed(), "overridable", v.overridable(), "reasons", v.reasons()));
            }
            Optional<Verdict> blocking = verdicts.blocking(mode.force());
            if (blocking.isPresent()) {
                events.record("refused", Map.of("guard", blocking.get().guard(), "reasons", blocking.get().reasons()));
                return new RunResult(RunResult.Status.REFUSED, plan, verdicts.all(), blocking, Optional.empty(), Optional.empty());
            }
            if (!verdicts.refusals().isEmpty()) {
                events.record("forced", Map.of("past", verdicts.refusals().stream().map(Verdict::guard).toList(), "reason", mode.reason().orElse("")));
            }
            if (mode.dryRun()) {
                events.record("dry-run", Map.of("note", "everything above was observed, planned and guarded; the change itself was not made"));
                return new RunResult(RunResult.Status.DRY_RUN, plan, verdicts.all(), Optional.empty(), Optional.empty(), Optional.empty());
            }
            if (!mode.confirmation().confirm(plan)) {
                events.record("declined", Map.of("note", "not confirmed; nothing was changed"));
                return new RunResult(RunResult.Status.DECLINED, plan, verdicts.all(), Optional.empty(), Optional.empty(), Optional.empty());
            }
            events.record("start", Map.of());
            R result;
            try {
                result = step.execute(prepared);
            } catch (ActionFailure e) {
                events.record("failed", Map.of("stage", "execute", "error", e.getMessage(), "stopsPlan", e.stopsPlan()));
                return new RunResult(RunResult.Status.FAILED, plan, verdicts.all(), Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
            }
            events.record("end", step.describeResult(result));
            Effect effect = step.verify(prepared, result);
            Map<String, Object> effectDetails = new LinkedHashMap<>();
            effectDetails.put("outcome", effect.outcome().name().toLowerCase(java.util.Locale.ROOT));
            effectDetails.put("summary", effect.summary());
            effectDetails.putAll(effect.figures());
            events.record("effect", effectDetails);
            return new RunResult(RunResult.Status.DONE, plan, verdicts.all(), Optional.empty(), Optional.of(effect), Optional.empty());
        } catch (ActionFailure e) {
            return new RunResult(RunResult.Status.FAILED, plan, verdicts.all(), Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private static void recordQuietly(ActionEvents events, String event, Map<String, Object> details) {
        try {
            events.record(event, details);
        } catch (ActionFailure ignored) {
            // the failure itself is what the caller reports
        }
    }
}
