package dev.kafkaremediator.time;

import java.time.Duration;

/** A point a bounded amount of elapsed time ahead, measured on a {@link Ticker}, so a jump of the wall clock does not move it. */
public final class Deadline {
    private final Ticker ticker;
    private final long at;

    private Deadline(Ticker ticker, long at) {
        this.ticker = ticker;
        this.at = at;
    }

    public static Deadline after(Duration timeout, Ticker ticker) {
        long now = ticker.nanos();
        long nanos = timeout.compareTo(Duration.ofDays(10_000)) > 0 ? Duration.ofDays(10_000).toNanos() : Math.max(0, timeout.toNanos());
        return new Deadline(ticker, now + nanos);
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, at - ticker.nanos()));
    }

    public boolean passed() {
        return at - ticker.nanos() <= 0;
    }
}
