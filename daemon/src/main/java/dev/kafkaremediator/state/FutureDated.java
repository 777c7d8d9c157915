package dev.kafkaremediator.state;

import java.time.Duration;
import java.time.Instant;

/**
 * A stored time later than now: written while the clock was ahead (a bad NTP step, a VM restored
 * with a wrong clock). Trusted, it would stop history recording (nothing is newer than it) or hold
 * a cooldown until that date. Within the tolerance it is ordinary skew between processes.
 */
public final class FutureDated {
    public static final Duration TOLERANCE = Duration.ofMinutes(1);

    private FutureDated() {
    }

    public static boolean isFuture(Instant stored, Instant now) {
        return stored.isAfter(now.plus(TOLERANCE));
    }
}
