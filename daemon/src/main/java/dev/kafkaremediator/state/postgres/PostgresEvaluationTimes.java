package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.evaluate.EvaluationTimes;
import dev.kafkaremediator.history.HistoryException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Policies' last evaluation times in {@code policy_evaluation} (V102), one row per cluster and policy. */
public final class PostgresEvaluationTimes implements EvaluationTimes {
    private final DataSource pool;

    public PostgresEvaluationTimes(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Map<String, Instant> load(String cluster) throws HistoryException {
        try {
            return Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT policy, evaluated_at FROM policy_evaluation WHERE cluster = ?")) {
                    s.setString(1, cluster);
                    Map<String, Instant> times = new HashMap<>();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            times.put(rs.getString("policy"), Sql.instant(rs, "evaluated_at"));
                        }
                    }
                    return Map.copyOf(times);
                }
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot read when the policies of " + cluster + " were last evaluated: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String cluster, Map<String, Instant> evaluated) throws HistoryException {
        if (evaluated.isEmpty()) {
            return;
        }
        try {
            Sql.inTransaction(pool, c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO policy_evaluation (cluster, policy, evaluated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (cluster, policy) DO UPDATE SET evaluated_at = excluded.evaluated_at")) {
                    for (Map.Entry<String, Instant> e : new java.util.TreeMap<>(evaluated).entrySet()) {
                        s.setString(1, cluster);
                        s.setString(2, e.getKey());
                        Sql.set(s, 3, e.getValue());
                        s.addBatch();
                    }
                    return s.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot record when the policies of " + cluster + " were evaluated: " + e.getMessage(), e);
        }
    }
}
