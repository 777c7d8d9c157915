package dev.kafkaremediator.act;

import dev.kafkaremediator.guard.Verdict;
import java.util.List;
import java.util.Map;

/**
 * One action on one target, in the order every action runs: prepare (reads only) and say exactly
 * what will change; guard; execute (the last call, skipped in dry-run); verify the effect.
 *
 * @param <P> the prepared action: what it will do, as a value
 * @param <R> what executing it returned
 */
public interface ActionStep<P, R> {

    String kind();

    String target();

    /** Reads what the action needs (offsets, current config, counts); changes nothing. */
    P prepare() throws ActionFailure;

    /** What the action will change, for the plan and the audit. */
    Map<String, Object> describe(P prepared);

    /** Every guard's verdict on the prepared action. */
    List<Verdict> guard(P prepared);

    /** The change itself. */
    R execute(P prepared) throws ActionFailure;

    /** What the change did, for the audit. */
    Map<String, Object> describeResult(R result);

    /** Whether it had the effect it promised; may wait, bounded. */
    Effect verify(P prepared, R result) throws InterruptedException;
}
