package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One action on one target, in the order every action runs: prepare (reads only) and say exactly
 * what will change; guard; execute (the last call, skipped in dry-run); verify the effect. The
 * cooldown and daily limit are checked and recorded by {@link ActionRunner}, not by each step.
 *
 * @param <P> the prepared action: what it will do, as a value
 * @param <R> what executing it returned
 */
public interface ActionStep<P, R> {

    String kind();

    String target();

    /** The cooldown and daily maximum this run counts against; empty when it does not count (continuing a journaled roll). */
    Optional<ActionLimits> limits();

    /** What the cooldown is kept per: the target, unless a step's target text carries more than the thing it acts on. */
    default String ledgerTarget() {
        return target();
    }

    /** Reads what the action needs (offsets, current config, counts); changes nothing. */
    P prepare() throws ActionFailure;

    /** What the action will change, for the plan and the audit. */
    Map<String, Object> describe(P prepared);

    /** The step's own guards' verdicts on the prepared action (the runner adds the cooldown). */
    List<Verdict> guard(P prepared);

    /** The change itself; a long one records its progress under {@code events}, the run's audit. */
    R execute(P prepared, ActionEvents events) throws ActionFailure;

    /** What the change did, for the audit. */
    Map<String, Object> describeResult(R result);

    /** Whether it had the effect it promised; may wait, bounded. */
    Effect verify(P prepared, R result) throws InterruptedException;
}
