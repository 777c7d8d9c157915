package dev.kafkaremediator.guard;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * When each action last ran on each target, so cooldowns and daily limits hold across restarts.
 * File-based by default ({@link FileActionLedger}).
 */
public interface ActionLedger {

    /** Runs of {@code action} on {@code target} in {@code cluster} since {@code since}, oldest first. */
    List<Instant> runs(String cluster, String action, String target, Instant since);

    void record(String cluster, String action, String target, Instant at);

    /**
     * Checks and records as one step: {@code check} is given the runs since {@code since}, and the run
     * at {@code at} is recorded only when its verdict allows; no other run of anything can be recorded
     * in between, by this process or another sharing the ledger. Returns the verdict.
     */
    Verdict recordIfAllowed(String cluster, String action, String target, Instant since, Instant at, Function<List<Instant>, Verdict> check);
}
