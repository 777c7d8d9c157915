package dev.kafkaremediator.state.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.state.FutureDated;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * History in {@code history_sample}, one row per cluster and sample. The minimum interval is checked
 * and the sample inserted in one transaction holding the cluster's row lock, so two instances
 * observing one cluster record one sample per interval between them. As in the files, a sample
 * dated in the future (beyond {@link FutureDated#TOLERANCE}: written while a clock was ahead) does
 * not count for the interval, so it cannot stop recording. Samples older than the retention are
 * deleted at the first append of each UTC day, per cluster.
 */
public final class PostgresHistoryStore implements HistoryStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() { };

    private final DataSource pool;
    private final Duration retention;
    private final Duration minInterval;
    private final Clock clock;
    private final Map<String, LocalDate> lastPruned = new ConcurrentHashMap<>();

    public PostgresHistoryStore(DataSource pool, Duration retention, Duration minInterval, Clock clock) {
        this.pool = pool;
        this.retention = retention;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    @Override
    public boolean append(String cluster, Sample sample) throws HistoryException {
        Instant now = clock.instant();
        String values = json(sample);
        boolean recorded;
        try {
            recorded = Sql.inTransaction(pool, c -> {
                Sql.lockCluster(c, cluster);
                // A newer sample within the interval (not from the future) means this one is not recorded.
                try (PreparedStatement recent = c.prepareStatement(
                        "SELECT 1 FROM history_sample WHERE cluster = ? AND at > ? AND at <= ? LIMIT 1")) {
                    recent.setString(1, cluster);
                    Sql.set(recent, 2, sample.time().minus(minInterval));
                    Sql.set(recent, 3, now.plus(FutureDated.TOLERANCE));
                    try (ResultSet rs = recent.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO history_sample (cluster, at, vals) VALUES (?, ?, ?::jsonb) ON CONFLICT (cluster, at) DO NOTHING")) {
                    insert.setString(1, cluster);
                    Sql.set(insert, 2, sample.time());
                    insert.setString(3, values);
                    return insert.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot append to the history of " + cluster + " in the state database: " + e.getMessage(), e);
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (recorded && !today.equals(lastPruned.get(cluster)) && prune(cluster, now)) {
            lastPruned.put(cluster, today);
        }
        return recorded;
    }

    @Override
    public HistoryRead read(String cluster, Instant since) throws HistoryException {
        try {
            return Sql.withConnection(pool, c -> {
                List<Sample> samples = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT at, vals::text AS vals FROM history_sample WHERE cluster = ? AND at >= ? ORDER BY at")) {
                    select.setString(1, cluster);
                    Sql.set(select, 2, since);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            Instant at = Sql.instant(rs, "at");
                            try {
                                samples.add(new Sample(at, JSON.readValue(rs.getString("vals"), VALUES)));
                            } catch (JsonProcessingException | RuntimeException e) {
                                // jsonb holds valid JSON, but a hand-made row may hold a non-number (or null) where a value belongs.
                                skipped.add("history_sample " + cluster + " at " + at + ": not a sample (" + e.getClass().getSimpleName() + "), skipped");
                            }
                        }
                    }
                }
                return new HistoryRead(samples, skipped);
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot read the history of " + cluster + " from the state database: " + e.getMessage(), e);
        }
    }

    /** Deletes the cluster's samples older than the retention; false when it could not (tried again at the next append). */
    private boolean prune(String cluster, Instant now) {
        try {
            Sql.withConnection(pool, c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM history_sample WHERE cluster = ? AND at < ?")) {
                    delete.setString(1, cluster);
                    Sql.set(delete, 2, now.minus(retention));
                    return delete.executeUpdate();
                }
            });
            return true;
        } catch (SQLException e) {
            return false; // old samples only cost space meanwhile
        }
    }

    static String json(Sample sample) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(sample.values()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of doubles always serializes", e);
        }
    }
}
