package dev.kafkaremediator.config;

import java.time.Duration;

/**
 * How a rolling restart waits, each wait with its own bound. {@code stableChecks} consecutive
 * passing can-roll checks, {@code checkInterval} apart, before each broker is stopped; log recovery
 * gets its own, long timeout and is never interrupted.
 */
public record RollSettings(int stableChecks, Duration checkInterval, Duration canRollTimeout, Duration restartTimeout, Duration registrationTimeout,
                           Duration recoveryTimeout, Duration inSyncTimeout, int maxRestartsPerDay, boolean preferredLeaderElection) {

    public static RollSettings defaults() {
        return new RollSettings(2, Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(30),
                Duration.ofMinutes(5), 2, true);
    }
}
