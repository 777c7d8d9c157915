package dev.kafkaremediator.cli;

/** The remediator's exit codes; README lists them. */
public final class ExitCodes {
    /** Done; for {@code check}: nothing found. */
    public static final int OK = 0;
    /** {@code check}: findings. */
    public static final int FINDINGS = 1;
    /** Usage error, invalid configuration or policies, unreachable cluster, or a command this version lacks. */
    public static final int ERROR = 2;
    /** A guard refused the action; the message names the guard. */
    public static final int REFUSED = 3;

    private ExitCodes() {
    }
}
