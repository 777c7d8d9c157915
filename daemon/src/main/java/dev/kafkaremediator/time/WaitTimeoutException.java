package dev.kafkaremediator.time;

import java.time.Duration;

/** A bounded wait ran out: says what was awaited, for how long, and what was seen last. */
public final class WaitTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final Duration timeout;
    private final String lastObserved;

    public WaitTimeoutException(String what, Duration timeout, String lastObserved) {
        super("timed out after " + Durations.format(timeout) + " waiting for " + what + " (last seen: " + lastObserved + ")");
        this.what = what;
        this.timeout = timeout;
        this.lastObserved = lastObserved;
    }

    public String what() {
        return what;
    }

    public Duration timeout() {
        return timeout;
    }

    public String lastObserved() {
        return lastObserved;
    }
}
