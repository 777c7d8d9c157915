package dev.kafkaremediator.act;

import dev.kafkaremediator.guard.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one action ended: refused by a guard, printed as a dry run, not confirmed, done (with its
 * effect), or failed (with what may happen next: {@code failureKind}).
 */
public record RunResult(Status status, Map<String, Object> plan, List<Verdict> verdicts, Optional<Verdict> refusedBy, Optional<Effect> effect,
                        Optional<String> failure, Optional<ActionFailure.Kind> failureKind) {

    public enum Status {
        REFUSED, DRY_RUN, DECLINED, DONE, FAILED
    }

    public RunResult {
        plan = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plan));
        verdicts = List.copyOf(verdicts);
    }

    static RunResult failed(Map<String, Object> plan, List<Verdict> verdicts, ActionFailure e) {
        return new RunResult(Status.FAILED, plan, verdicts, Optional.empty(), Optional.empty(), Optional.of(e.getMessage()), Optional.of(e.kind()));
    }

    static RunResult ended(Status status, Map<String, Object> plan, List<Verdict> verdicts) {
        return new RunResult(status, plan, verdicts, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static RunResult refused(Map<String, Object> plan, List<Verdict> verdicts, Verdict by) {
        return new RunResult(Status.REFUSED, plan, verdicts, Optional.of(by), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static RunResult done(Map<String, Object> plan, List<Verdict> verdicts, Effect effect) {
        return new RunResult(Status.DONE, plan, verdicts, Optional.empty(), Optional.of(effect), Optional.empty(), Optional.empty());
    }

    /** Refused by a guard that an operator could override (a cooldown, a limit): the daemon waits and tries again later. */
    public boolean refusedForNow() {
        return status == Status.REFUSED && refusedBy.map(Verdict::overridable).orElse(false);
    }

    /** Done, but the effect it promised did not come: the ladder escalates. */
    public boolean ineffective() {
        return effect.map(e -> e.outcome() == Effect.Outcome.INEFFECTIVE).orElse(false);
    }
}
