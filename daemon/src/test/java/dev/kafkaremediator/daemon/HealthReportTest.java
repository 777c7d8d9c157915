package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.daemon.HealthReport.ClusterHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    private static final Instant STARTED = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private static ClusterHealth reachedAt(Instant at) {
        return new ClusterHealth(Optional.of(at), Optional.of(at));
    }

    private static HealthReport at(Instant now, Map<String, ClusterHealth> clusters) {
        return HealthReport.of(STARTED, now, INTERVAL, clusters, Optional.empty());
    }

    @Test
    void healthyWhileYoungerThanThreeIntervalsEvenBeforeTheFirstSnapshot() {
        assertTrue(at(STARTED.plus(Duration.ofMinutes(3)).minusMillis(1), Map.of("a", ClusterHealth.never())).healthy());
        assertFalse(at(STARTED.plus(Duration.ofMinutes(3)), Map.of("a", ClusterHealth.never())).healthy());
    }

    @Test
    void unhealthyOnceAClusterLastAnsweredThreeIntervalsAgo() {
        Instant last = STARTED.plus(Duration.ofMinutes(10));
        Instant edge = last.plus(Duration.ofMinutes(3));
        assertTrue(at(edge.minusMillis(1), Map.of("a", reachedAt(last), "b", reachedAt(edge))).healthy());
        assertFalse(at(edge, Map.of("a", reachedAt(last), "b", reachedAt(edge))).healthy());
    }

    @Test
    void aClusterObservedEveryRoundButUnreachableMakesTheDaemonUnhealthy() {
        Instant now = STARTED.plus(Duration.ofMinutes(10));
        ClusterHealth unreachable = new ClusterHealth(Optional.of(now.minusSeconds(5)), Optional.of(STARTED.plus(Duration.ofMinutes(6))));
        HealthReport report = at(now, Map.of("up", reachedAt(now.minusSeconds(5)), "down", unreachable));

        assertFalse(report.healthy());
        assertThat(report.json()).contains("\"status\":\"DOWN\"", "\"down\":{\"lastSnapshot\":\"2026-11-25T12:09:55Z\",\"lastReachable\":\"2026-11-25T12:06:00Z\",\"lastReachableByAnyInstance\":null,\"censusIncomplete\":null}");
    }

    @Test
    void aCensusCutShortIsSaidWithItsReasonWithoutMakingTheDaemonUnhealthy() {
        Instant now = STARTED.plus(Duration.ofMinutes(10));
        ClusterHealth partlyBlind = new ClusterHealth(Optional.of(now.minusSeconds(5)), Optional.of(now.minusSeconds(5)), Optional.empty(),
                Optional.of("3 partitions unknown (partition leak-1 held 900,000 producer-state entries at the last census; ...)"));
        HealthReport report = at(now, Map.of("a", partlyBlind));
        // Still watching (heap, counts, every other partition): a restart would not read the partition either.
        assertTrue(report.healthy());
        assertThat(report.json()).contains("\"censusIncomplete\":\"3 partitions unknown (partition leak-1 held 900,000");
    }

    @Test
    void anInstanceStandingByForAClusterAnotherRunsIsHealthyWhileThatOneReachesIt() {
        Instant now = STARTED.plus(Duration.ofMinutes(10));
        // Observed here last at start; another instance runs it and reached it 30 s ago.
        ClusterHealth standingBy = new ClusterHealth(Optional.of(STARTED), Optional.of(STARTED), Optional.of(now.minusSeconds(30)));
        assertTrue(at(now, Map.of("a", standingBy)).healthy());
        ClusterHealth lostEverywhere = new ClusterHealth(Optional.of(STARTED), Optional.of(STARTED), Optional.of(now.minus(Duration.ofMinutes(3))));
        assertFalse(at(now, Map.of("a", lostEverywhere)).healthy());
    }

    @Test
    void aStateDirectoryThatTakesNoWritesMakesTheDaemonUnhealthyAtOnce() {
        HealthReport report = HealthReport.of(STARTED, STARTED.plusSeconds(1), INTERVAL, Map.of("a", ClusterHealth.never()),
                Optional.of("state directory /var/lib/x does not take writes: AccessDeniedException"));

        assertFalse(report.healthy());
        assertThat(report.json()).contains("\"stateDir\":{\"writable\":false,\"problem\":\"state directory /var/lib/x does not take writes");
    }

    @Test
    void theStateDirectoryProbeTellsAMissingDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThat(StateDirProbe.problem(dir)).isEmpty();
        assertThat(StateDirProbe.problem(dir.resolve("gone"))).hasValueSatisfying(p -> assertThat(p).contains("NoSuchFileException"));
        assertThat(dir.toFile().list()).as("the probe leaves nothing behind").isEmpty();
    }
}
