package dev.kafkaremediator.state.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** The few JDBC habits every PostgreSQL store shares: one transaction around a unit of work, and instants as timestamptz. */
final class Sql {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Sql() {
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource pool, Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Runs {@code work} on a pooled connection in autocommit: each statement is its own transaction. */
    static <T> T withConnection(DataSource pool, Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * The cluster's row in {@code watched_cluster}, created on first use and locked until the
     * transaction ends: whoever else locks it (another thread, another instance) waits. Returns its id.
     */
    static int lockCluster(Connection c, String cluster) throws SQLException {
        createCluster(c, cluster);
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM watched_cluster WHERE name = ? FOR UPDATE")) {
            select.setString(1, cluster);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The cluster's id, its row created on first use. */
    static int clusterId(Connection c, String cluster) throws SQLException {
        createCluster(c, cluster);
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM watched_cluster WHERE name = ?")) {
            select.setString(1, cluster);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void createCluster(Connection c, String cluster) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO watched_cluster (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, cluster);
            insert.executeUpdate();
        }
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * An instant as a timestamptz parameter: an OffsetDateTime in UTC (a Timestamp would pass through
     * the JVM's time zone). Clamped to years 1 to 9999, so "since the beginning" (Instant.MIN) still reads everything.
     */
    static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        Instant clamped = instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
        statement.setObject(index, OffsetDateTime.ofInstant(clamped, ZoneOffset.UTC));
    }

    static void setNullable(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            set(statement, index, instant);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
