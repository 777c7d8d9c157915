package dev.kafkaremediator.state.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.RollJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roll journal in {@code roll_journal}, one row per cluster rewritten after every change, and
 * the roll lock as a PostgreSQL session advisory lock keyed by the cluster's id, taken on a
 * connection of its own that is held, outside the pool, for the whole roll. Closing the lock
 * unlocks and closes that connection; a process that dies loses its session, and the server
 * releases the lock with it (at once for a killed process; for a host cut off from the network,
 * when the server notices the dead connection through TCP keepalive). Two instances, or daemon and
 * CLI, therefore never roll one cluster at once.
 */
public final class PostgresRollJournal implements RollJournal {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRollJournal.class);
    /**
     * The first half of the two-key advisory lock: the roll lock's own space, so another use of
     * advisory locks on cluster ids (the leases to come) never meets it. "ROLL" in ASCII.
     */
    static final int ROLL_LOCK_SPACE = 0x524f4c4c;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final PostgresDatabase database;
    private final Clock clock;

    public PostgresRollJournal(PostgresDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Optional<Roll> load(String cluster) throws ActionFailure {
        String text;
        try {
            text = Sql.withConnection(database.pool(), c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT roll::text AS roll FROM roll_journal WHERE cluster = ?")) {
                    select.setString(1, cluster);
                    try (ResultSet rs = select.executeQuery()) {
                        return rs.next() ? rs.getString("roll") : null;
                    }
                }
            });
        } catch (SQLException e) {
            throw new ActionFailure("cannot read the roll journal of " + cluster + " from the state database: " + e.getMessage(), true, e);
        }
        if (text == null) {
            return Optional.empty();
        }
        Roll roll;
        try {
            roll = JSON.readValue(text, Roll.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw damaged(cluster, RollJournal.firstLine(e.getMessage()), e);
        }
        if (roll == null) {
            throw damaged(cluster, "holds no roll (null)", null);
        }
        return Optional.of(roll);
    }

    /** As with the file journal, the way out of a journal that cannot be read is named: here, the row to move aside. */
    private ActionFailure damaged(String cluster, String why, Exception cause) {
        String table = database.schema() + ".roll_journal";
        return new ActionFailure("roll journal of " + cluster + " in the state database (" + table + ") unreadable: " + why
                + " (inspect it; to abandon that roll, delete the row: DELETE FROM " + table + " WHERE cluster = '" + cluster.replace("'", "''")
                + "', then check every broker is up before rolling again)", true, cause);
    }

    @Override
    public void save(Roll roll) throws ActionFailure {
        String text;
        try {
            text = JSON.writeValueAsString(roll);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ActionFailure("cannot write the roll journal of " + roll.cluster() + ": " + e.getMessage(), true, e);
        }
        try {
            Sql.withConnection(database.pool(), c -> {
                try (PreparedStatement upsert = c.prepareStatement("INSERT INTO roll_journal (cluster, roll_id, status, roll, updated_at, instance_id)"
                        + " VALUES (?, ?, ?, ?::json, ?, ?) ON CONFLICT (cluster) DO UPDATE SET roll_id = EXCLUDED.roll_id, status = EXCLUDED.status,"
                        + " roll = EXCLUDED.roll, updated_at = EXCLUDED.updated_at, instance_id = EXCLUDED.instance_id")) {
                    upsert.setString(1, roll.cluster());
                    upsert.setString(2, roll.id());
                    upsert.setString(3, roll.status().name());
                    upsert.setString(4, text);
                    Sql.set(upsert, 5, clock.instant());
                    upsert.setString(6, database.instanceId());
                    return upsert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new ActionFailure("cannot write the roll journal of " + roll.cluster() + " in the state database: " + e.getMessage(), true, e);
        }
    }

    @Override
    public Optional<AutoCloseable> tryLock(String cluster) throws ActionFailure {
        Connection connection = null;
        try {
            int id = Sql.withConnection(database.pool(), c -> Sql.clusterId(c, cluster));
            connection = database.dedicatedConnection();
            boolean locked;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, ROLL_LOCK_SPACE);
                lock.setInt(2, id);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(new Held(connection, cluster, id));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new ActionFailure("cannot take the roll lock of " + cluster + " in the state database: " + e.getMessage(), true, e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session's end releases whatever it held
            }
        }
    }

    /** The held lock: unlocks, then closes its connection (which alone would release it too). */
    private record Held(Connection connection, String cluster, int id) implements AutoCloseable {
        @Override
        public void close() {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, ROLL_LOCK_SPACE);
                unlock.setInt(2, id);
                unlock.execute();
            } catch (SQLException e) {
                LOG.debug("cluster={} roll lock: unlock failed ({}); closing its connection releases it", cluster, e.getMessage());
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
