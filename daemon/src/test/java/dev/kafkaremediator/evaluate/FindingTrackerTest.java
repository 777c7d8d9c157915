package dev.kafkaremediator.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.config.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FindingTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private static Finding finding(String policy, int broker) {
        return new Finding(policy, "c", Entity.broker(broker), Severity.CRITICAL, T0, "d",
                List.of(new Evidence(Evidence.Outcome.MET, "broker.producer-ids", "high", Map.of())), List.of(), Optional.empty(), true);
    }

    @Test
    void anOngoingProblemIsOneFindingOpenedOnceThenUpdatedThenResolved() {
        FindingTracker.Transition first = FindingTracker.apply(Map.of(), "leak", List.of(finding("leak", 1)), T0);
        assertThat(first.opened()).hasSize(1);

        FindingTracker.Transition second = FindingTracker.apply(first.open(), "leak", List.of(finding("leak", 1)), T0.plusSeconds(60));
        assertThat(second.opened()).isEmpty();
        assertThat(second.updated()).singleElement().satisfies(o -> {
            assertEquals(T0, o.firstSeen());
            assertEquals(T0.plusSeconds(60), o.lastSeen());
            assertEquals(2, o.evaluations());
        });

        FindingTracker.Transition third = FindingTracker.apply(second.open(), "leak", List.of(), T0.plusSeconds(120));
        assertThat(third.resolved()).hasSize(1);
        assertThat(third.open()).isEmpty();
    }

    @Test
    void anotherPolicysEvaluationNeverResolvesThisPolicysFindings() {
        Map<String, OpenFinding> open = FindingTracker.apply(Map.of(), "leak", List.of(finding("leak", 1)), T0).open();
        FindingTracker.Transition heap = FindingTracker.apply(open, "heap", List.of(), T0.plusSeconds(60));
        assertThat(heap.resolved()).isEmpty();
        assertThat(heap.open()).containsKey("leak/c/broker/1");
    }
}
