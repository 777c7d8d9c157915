package dev.kafkaremediator.time;

import java.time.Clock;
import java.time.Instant;

/**
 * Elapsed time, in nanoseconds from an arbitrary origin, that only moves forward: what waits and
 * deadlines are measured with. The wall clock ({@link Clock}) can jump (NTP, a VM resumed, an
 * operator's mistake); a wait measured on it would end at once or never.
 */
@FunctionalInterface
public interface Ticker {
    long nanos();

    /** {@link System#nanoTime()}: monotonic on every platform Java runs on. */
    static Ticker system() {
        return System::nanoTime;
    }

    /** Elapsed time read from a clock: only for tests, where a fake clock is the one source of time. */
    static Ticker of(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
