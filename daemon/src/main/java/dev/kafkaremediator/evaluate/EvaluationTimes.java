package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.history.HistoryException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each policy was last taken as evaluated on a cluster. Several remediators share it
 * (PostgreSQL): a cluster's job runs on whichever instance Quartz picks, and a cadence kept in one
 * instance's memory would be lost at every change of hands, running an hourly policy at every move
 * and never reaching a cron's time on a cluster that keeps moving.
 */
public interface EvaluationTimes {

    /** Policy name to when it was last evaluated on {@code cluster}; empty when never. */
    Map<String, Instant> load(String cluster) throws HistoryException;

    /** Records these policies as evaluated at these times on {@code cluster}; other policies' times stay. */
    void record(String cluster, Map<String, Instant> evaluated) throws HistoryException;

    /** Kept in this process only (one instance, and tests). */
    static EvaluationTimes inMemory() {
        Map<String, Map<String, Instant>> times = new ConcurrentHashMap<>();
        return new EvaluationTimes() {
            @Override
            public Map<String, Instant> load(String cluster) {
                return Map.copyOf(times.getOrDefault(cluster, Map.of()));
            }

            @Override
            public void record(String cluster, Map<String, Instant> evaluated) {
                times.compute(cluster, (c, before) -> {
                    Map<String, Instant> after = new HashMap<>(before == null ? Map.of() : before);
                    after.putAll(evaluated);
                    return Map.copyOf(after);
                });
            }
        };
    }
}
