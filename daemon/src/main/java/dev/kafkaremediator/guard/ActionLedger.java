package dev.kafkaremediator.guard;

import java.time.Instant;
import java.util.List;

/**
 * When each action last ran on each target, so cooldowns and daily limits hold across restarts.
 * File-based by default ({@link FileActionLedger}).
 */
public interface ActionLedger {

    /** Runs of {@code action} on {@code target} in {@code cluster} since {@code since}, oldest first. */
    List<Instant> runs(String cluster, String action, String target, Instant since);

    void record(String cluster, String action, String target, Instant at);
}
