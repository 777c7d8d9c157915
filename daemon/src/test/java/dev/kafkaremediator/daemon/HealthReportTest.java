package dev.kafkaremediator.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    private static final Instant STARTED = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    @Test
    void healthyWhileYoungerThanThreeIntervalsEvenBeforeTheFirstSnapshot() {
        assertTrue(HealthReport.of(STARTED, STARTED.plus(Duration.ofMinutes(3)).minusMillis(1), INTERVAL, Map.of("a", Optional.empty())).healthy());
        assertFalse(HealthReport.of(STARTED, STARTED.plus(Duration.ofMinutes(3)), INTERVAL, Map.of("a", Optional.empty())).healthy());
    }

    @Test
    void unhealthyOnceAClustersLastSnapshotIsThreeIntervalsOld() {
        Instant last = STARTED.plus(Duration.ofMinutes(10));
        Instant edge = last.plus(Duration.ofMinutes(3));
        assertTrue(HealthReport.of(STARTED, edge.minusMillis(1), INTERVAL, Map.of("a", Optional.of(last), "b", Optional.of(edge))).healthy());
        assertFalse(HealthReport.of(STARTED, edge, INTERVAL, Map.of("a", Optional.of(last), "b", Optional.of(edge))).healthy());
    }
}
