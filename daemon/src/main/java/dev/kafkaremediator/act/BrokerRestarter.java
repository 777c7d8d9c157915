package dev.kafkaremediator.act;

import java.time.Duration;
import java.util.List;

/**
 * Restarts one broker and returns when the restart command has finished (not when the broker is
 * back: the roll waits for that itself). Implemented once over the cluster's restart-command
 * template ({@link RestartCommand}); unit tests use an in-memory one.
 */
public interface BrokerRestarter {

    /** What the command printed and how it ended. */
    record Outcome(List<String> command, int exitCode, String output, Duration took) { }

    /** False when the cluster has no restart-command: nothing can be restarted. */
    boolean configured();

    /** The command as configured, for plans and the audit. */
    String describe();

    /**
     * Restarts broker {@code id} on {@code host}, bounded by {@code timeout}.
     *
     * @throws ActionFailure for a refused placeholder value (nothing run) or a command that failed or timed out (stops the roll)
     */
    Outcome restart(int id, String host, Duration timeout) throws ActionFailure, InterruptedException;
}
