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
import dev.kafkaremediator.evaluate.EvaluationTimes;
import dev.kafkaremediator.history.HistoryException;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which policies are due on one cluster, for the clustered daemon's single job per cluster (which
 * observes and then evaluates what is due, on the instance holding the cluster). The schedules mean
 * what the one-trigger-per-policy daemon makes of them: {@code every} runs at the first
 * observation at least its interval after the last evaluation (half an observation early counts,
 * so an interval equal to the observe interval is not stretched to two); a cron runs at the first
 * observation at or after its next time, never for times missed before the cluster was first
 * watched (as a fresh trigger would not). The times are shared ({@link EvaluationTimes}, in
 * PostgreSQL): a cluster changing hands keeps its policies' cadence. When they cannot be read, the
 * instance starts afresh (every {@code every} policy due at once, harmless: findings are shared and
 * actions have cooldowns).
 */
final class DuePolicies {
    private static final Logger LOG = LoggerFactory.getLogger(DuePolicies.class);

    private final Duration slack;
    private final String cluster;
    private final EvaluationTimes times;
    private final Map<String, Instant> last = new HashMap<>();

    /** Times kept in this process only. */
    DuePolicies(Duration observeInterval) {
        this(observeInterval, "", EvaluationTimes.inMemory());
    }

    /**
     * @param observeInterval how often the cluster's job runs; half of it is the allowance for a job that fires a little early
     * @param times where the cluster's evaluation times are shared with the other instances
     */
    DuePolicies(Duration observeInterval, String cluster, EvaluationTimes times) {
        this.slack = observeInterval.dividedBy(2);
        this.cluster = cluster;
        this.times = times;
    }

    /** The policies due at {@code now}, in the given order; each is then taken as evaluated at {@code now}. */
    synchronized List<Policy> due(List<Policy> policies, Instant now) {
        List<Policy> due = new ArrayList<>();
        Map<String, Instant> taken = new HashMap<>();
        for (Policy p : policies) {
            Instant previous = last.get(p.name());
            boolean isDue = p.schedule() instanceof Schedule.Every every
                    ? previous == null || !now.isBefore(previous.plus(every.interval()).minus(slack))
                    : previous != null && !nextFire((Schedule.Cron) p.schedule(), previous).isAfter(now);
            if (isDue || previous == null) {
                last.put(p.name(), now);
                taken.put(p.name(), now);
            }
            if (isDue) {
                due.add(p);
            }
        }
        try {
            times.record(cluster, taken);
        } catch (HistoryException e) {
            LOG.warn("cluster={} {}; an instance taking the cluster over may evaluate these policies early", cluster, e.getMessage());
        }
        return due;
    }

    /**
     * Takes the shared times again (the cluster comes to this instance: another may have evaluated
     * its policies since). Unreadable, every time is forgotten.
     */
    synchronized void reload() {
        last.clear();
        try {
            last.putAll(times.load(cluster));
        } catch (HistoryException e) {
            LOG.warn("cluster={} {}; its policies' schedules start afresh here", cluster, e.getMessage());
        }
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
