package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Schedule;
import dev.kafkaremediator.evaluate.EvaluationTimes;
import dev.kafkaremediator.history.HistoryException;
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
    void aClusterChangingHandsKeepsItsPoliciesCadenceThroughTheSharedTimes() {
        EvaluationTimes shared = EvaluationTimes.inMemory();
        DuePolicies a = new DuePolicies(OBSERVE, "c1", shared);
        DuePolicies b = new DuePolicies(OBSERVE, "c1", shared);
        Policy hourly = policy("every-1h", new Schedule.Every(Duration.ofHours(1)));
        Policy cron = policy("top-of-hour", new Schedule.Cron("0 0 * * * ?"));
        assertThat(names(a.due(List.of(hourly, cron), T0))).containsExactly("every-1h");

        // B runs the cluster next: the hourly policy is not due again, and 10:00 is still ahead for the cron.
        b.reload();
        assertThat(b.due(List.of(hourly, cron), T0.plusSeconds(10))).isEmpty();
        Instant ten = Instant.parse("2026-11-25T10:00:00Z");
        // And back to A: the cron's time passed meanwhile and is not missed for the moves.
        a.reload();
        assertThat(names(a.due(List.of(hourly, cron), ten.plusSeconds(3)))).containsExactly("top-of-hour");
        b.reload();
        assertThat(b.due(List.of(hourly, cron), ten.plusSeconds(13))).as("once per fire time, whoever runs it").isEmpty();
        assertThat(names(b.due(List.of(hourly, cron), T0.plus(Duration.ofHours(1)).minusSeconds(5)))).containsExactly("every-1h");
    }

    @Test
    void sharedTimesThatCannotBeReadStartTheScheduleAfresh() {
        EvaluationTimes broken = new EvaluationTimes() {
            @Override
            public java.util.Map<String, Instant> load(String cluster) throws HistoryException {
                throw new HistoryException("the database is down", null);
            }

            @Override
            public void record(String cluster, java.util.Map<String, Instant> evaluated) throws HistoryException {
                throw new HistoryException("the database is down", null);
            }
        };
        DuePolicies due = new DuePolicies(OBSERVE, "c1", broken);
        Policy every = policy("every-1h", new Schedule.Every(Duration.ofHours(1)));
        assertThat(names(due.due(List.of(every), T0))).as("evaluated although the time cannot be shared").containsExactly("every-1h");
        assertThat(due.due(List.of(every), T0.plusSeconds(10))).as("kept in memory meanwhile").isEmpty();
        due.reload();
        assertThat(names(due.due(List.of(every), T0.plusSeconds(20)))).containsExactly("every-1h");
    }
}
