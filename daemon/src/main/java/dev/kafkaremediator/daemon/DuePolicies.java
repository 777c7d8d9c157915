package dev.kafkaremediator.daemon;

import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Schedule;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Which policies are due on one cluster, for the clustered daemon's single job per cluster (which
 * observes and then evaluates what is due, on the instance holding the cluster). The schedules mean
 * what the one-trigger-per-policy daemon makes of them: {@code every} runs at the first
 * observation at least its interval after the last evaluation (half an observation early counts,
 * so an interval equal to the observe interval is not stretched to two); a cron runs at the first
 * observation at or after its next time, never for times missed before this instance had the
 * cluster (as a fresh trigger would not). Times are this instance's: after a takeover every
 * {@code every} policy is due at once, which is harmless (findings are shared; actions have cooldowns).
 */
final class DuePolicies {
    private final Duration slack;
    private final Map<String, Instant> last = new HashMap<>();

    /** @param observeInterval how often the cluster's job runs; half of it is the allowance for a job that fires a little early */
    DuePolicies(Duration observeInterval) {
        this.slack = observeInterval.dividedBy(2);
    }

    /** The policies due at {@code now}, in the given order; each is then taken as evaluated at {@code now}. */
    synchronized List<Policy> due(List<Policy> policies, Instant now) {
        List<Policy> due = new ArrayList<>();
        for (Policy p : policies) {
            Instant previous = last.get(p.name());
            boolean isDue = p.schedule() instanceof Schedule.Every every
                    ? previous == null || !now.isBefore(previous.plus(every.interval()).minus(slack))
                    : previous != null && !nextFire((Schedule.Cron) p.schedule(), previous).isAfter(now);
            if (isDue || previous == null) {
                last.put(p.name(), now);
            }
            if (isDue) {
                due.add(p);
            }
        }
        return due;
    }

    /** Forgets every time (a takeover: what the previous holder evaluated is not known here). */
    synchronized void reset() {
        last.clear();
    }

    private static Instant nextFire(Schedule.Cron cron, Instant after) {
        try {
            CronExpression expression = new CronExpression(cron.expression());
            expression.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date next = expression.getNextValidTimeAfter(Date.from(after));
            return next == null ? Instant.MAX : next.toInstant();
        } catch (ParseException e) {
            // Validated when the policies were loaded; a cron that no longer parses never fires.
            return Instant.MAX;
        }
    }
}
