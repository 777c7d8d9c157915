package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.state.FutureDated;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action ledger in {@code action_run}. Every read and write of a cluster's runs happens in a
 * transaction holding that cluster's row in {@code watched_cluster} ({@code SELECT ... FOR UPDATE}),
 * so {@link #recordIfAllowed}'s check and record are one step for every thread and every instance
 * sharing the database: a second instance checking the same cooldown waits for the first's commit
 * and then sees its run. Clusters do not wait for each other.
 *
 * <p>A run dated in the future (beyond {@link FutureDated#TOLERANCE}) would hold its cooldown until
 * that date. The first read that meets it moves it to now, keeping its date in {@code corrects}, and
 * logs it once: its cooldown then holds from the moment it was noticed, as in the file ledger.
 */
public final class PostgresActionLedger implements ActionLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresActionLedger.class);

    private final DataSource pool;
    private final Clock clock;
    private final String instanceId;

    public PostgresActionLedger(DataSource pool, Clock clock, String instanceId) {
        this.pool = pool;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    @Override
    public List<Instant> runs(String cluster, String action, String target, Instant since) {
        try {
            return Sql.inTransaction(pool, c -> {
                Sql.lockCluster(c, cluster);
                correctFutureRuns(c, cluster);
                return runs(c, cluster, action, target, since);
            });
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the action ledger of " + cluster + " from the state database: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String cluster, String action, String target, Instant at) {
        try {
            Sql.inTransaction(pool, c -> {
                Sql.lockCluster(c, cluster);
                insert(c, cluster, action, target, at, null);
                return null;
            });
        } catch (SQLException e) {
            throw new StateStoreException("cannot write the action ledger of " + cluster + " in the state database: " + e.getMessage(), e);
        }
    }

    @Override
    public Verdict recordIfAllowed(String cluster, String action, String target, Instant since, Instant at, Function<List<Instant>, Verdict> check) {
        try {
            return Sql.inTransaction(pool, c -> {
                Sql.lockCluster(c, cluster);
                correctFutureRuns(c, cluster);
                Verdict verdict = check.apply(runs(c, cluster, action, target, since));
                if (verdict.allowed()) {
                    insert(c, cluster, action, target, at, null);
                }
                return verdict;
            });
        } catch (SQLException e) {
            throw new StateStoreException("cannot check and record in the action ledger of " + cluster + " in the state database: " + e.getMessage(), e);
        }
    }

    /** Under the cluster's lock. A run at the same instant already recorded is the same run: inserted once. */
    private void insert(Connection c, String cluster, String action, String target, Instant at, Instant corrects) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO action_run (cluster, action, target, at, corrects, instance_id)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cluster, action, target, at) DO NOTHING")) {
            insert.setString(1, cluster);
            insert.setString(2, action);
            insert.setString(3, target);
            Sql.set(insert, 4, at);
            Sql.setNullable(insert, 5, corrects);
            insert.setString(6, instanceId);
            insert.executeUpdate();
        }
    }

    private static List<Instant> runs(Connection c, String cluster, String action, String target, Instant since) throws SQLException {
        List<Instant> out = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT at FROM action_run WHERE cluster = ? AND action = ? AND target = ? AND at >= ? ORDER BY at")) {
            select.setString(1, cluster);
            select.setString(2, action);
            select.setString(3, target);
            Sql.set(select, 4, since);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(Sql.instant(rs, "at"));
                }
            }
        }
        return out;
    }

    /** Under the cluster's lock: moves runs dated in the future to now, once each. */
    private void correctFutureRuns(Connection c, String cluster) throws SQLException {
        Instant now = clock.instant();
        List<String[]> future = new ArrayList<>();
        List<Instant> dates = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT action, target, at FROM action_run WHERE cluster = ? AND at > ?")) {
            select.setString(1, cluster);
            Sql.set(select, 2, now.plus(FutureDated.TOLERANCE));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    future.add(new String[] {rs.getString("action"), rs.getString("target")});
                    dates.add(Sql.instant(rs, "at"));
                }
            }
        }
        for (int i = 0; i < future.size(); i++) {
            String action = future.get(i)[0];
            String target = future.get(i)[1];
            Instant at = dates.get(i);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM action_run WHERE cluster = ? AND action = ? AND target = ? AND at = ?")) {
                delete.setString(1, cluster);
                delete.setString(2, action);
                delete.setString(3, target);
                Sql.set(delete, 4, at);
                delete.executeUpdate();
            }
            insert(c, cluster, action, target, now, at);
            LOG.warn("cluster={} action ledger: {} on {} is dated {}, after now ({}): written while the clock was ahead; counted as run now, "
                    + "so its cooldown holds from now, not until that date", cluster, action, target, at, now);
        }
    }
}
