package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The clustered daemon's one job per cluster evaluates each policy when its schedule says, at the edges. */
class DuePoliciesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T09:59:30Z");
    private static final Duration OBSERVE = Duration.ofSeconds(10);

    /** A policy with only a name and a schedule (the rest does not matter here). */
    static Policy policy(String name, Schedule schedule) {
        return new Policy(name, "it.conf", 1, "", schedule, Set.of(Policy.ALL_CLUSTERS), null, null, null, List.of(), null, false, List.of(), false,
                Optional.empty(), 0.0);
    }

    private static List<String> names(List<Policy> policies) {
        return policies.stream().map(Policy::name).toList();
    }

    @Test
    void everyIsDueAtOnceThenAfterItsIntervalLessHalfAnObservation() {
        DuePolicies due = new DuePolicies(OBSERVE);
        Policy every = policy("every-1m", new Schedule.Every(Duration.ofMinutes(1)));
        assertThat(names(due.due(List.of(every), T0))).containsExactly("every-1m");
        // Due at 60 s - 5 s: one millisecond before is not, the edge itself is.
        assertThat(due.due(List.of(every), T0.plusSeconds(55).minusMillis(1))).isEmpty();
        assertThat(names(due.due(List.of(every), T0.plusSeconds(55)))).containsExactly("every-1m");
        assertThat(due.due(List.of(every), T0.plusSeconds(60))).as("counted from the last evaluation").isEmpty();
    }

    @Test
    void anIntervalEqualToTheObservationIsNotStretchedByAJobFiringEarly() {
        DuePolicies due = new DuePolicies(OBSERVE);
        Policy every = policy("every-10s", new Schedule.Every(OBSERVE));
        due.due(List.of(every), T0);
        assertThat(names(due.due(List.of(every), T0.plusSeconds(10).minusMillis(3)))).containsExactly("every-10s");
    }

    @Test
    void cronRunsAtTheFirstObservationAtOrAfterItsTimeAndNeverForTimesBeforeTheFirstLook() {
        DuePolicies due = new DuePolicies(OBSERVE);
        Policy cron = policy("top-of-hour", new Schedule.Cron("0 0 * * * ?"));
        assertThat(due.due(List.of(cron), T0)).as("first look: 10:00 not yet").isEmpty();
        Instant ten = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(due.due(List.of(cron), ten.minusMillis(1))).isEmpty();
        assertThat(names(due.due(List.of(cron), ten.plusSeconds(4)))).containsExactly("top-of-hour");
        assertThat(due.due(List.of(cron), ten.plusSeconds(14))).as("once per fire time").isEmpty();
    }

    @Test
    void aTakeoverForgetsTheTimes() {
        DuePolicies due = new DuePolicies(OBSERVE);
        Policy every = policy("every-1h", new Schedule.Every(Duration.ofHours(1)));
        due.due(List.of(every), T0);
        due.reset();
        assertThat(names(due.due(List.of(every), T0.plusSeconds(10)))).containsExactly("every-1h");
    }
}
