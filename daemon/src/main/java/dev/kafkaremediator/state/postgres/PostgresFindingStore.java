package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.evaluate.FindingStore;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.history.HistoryException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Open findings in {@code open_finding}, one row each. A save replaces the cluster's set in one
 * transaction (the rows of the old set or the new one, never a mix), under the cluster's row lock
 * so two saves of one cluster do not interleave their deletes and inserts.
 */
public final class PostgresFindingStore implements FindingStore {
    private final DataSource pool;

    public PostgresFindingStore(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Map<String, OpenFinding> load(String cluster) throws HistoryException {
        try {
            return Sql.withConnection(pool, c -> {
                Map<String, OpenFinding> out = new LinkedHashMap<>();
                try (PreparedStatement select = c.prepareStatement("SELECT * FROM open_finding WHERE cluster = ? ORDER BY position")) {
                    select.setString(1, cluster);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            OpenFinding f = new OpenFinding(rs.getString("finding_key"), rs.getString("policy"), rs.getString("entity"),
                                    rs.getString("severity"), Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"), rs.getInt("evaluations"),
                                    rs.getString("summary"), Arrays.asList((String[]) rs.getArray("attempted").getArray()), rs.getString("halted"));
                            out.put(f.key(), f);
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot read the open findings of " + cluster + " from the state database: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String cluster, Map<String, OpenFinding> open) throws HistoryException {
        List<OpenFinding> findings = List.copyOf(open.values());
        try {
            Sql.inTransaction(pool, c -> {
                Sql.lockCluster(c, cluster);
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM open_finding WHERE cluster = ?")) {
                    delete.setString(1, cluster);
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO open_finding (cluster, position, finding_key, policy, entity, severity,"
                        + " first_seen, last_seen, evaluations, summary, attempted, halted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < findings.size(); i++) {
                        OpenFinding f = findings.get(i);
                        insert.setString(1, cluster);
                        insert.setInt(2, i);
                        insert.setString(3, f.key());
                        insert.setString(4, f.policy());
                        insert.setString(5, f.entity());
                        insert.setString(6, f.severity());
                        Sql.setNullable(insert, 7, f.firstSeen());
                        Sql.setNullable(insert, 8, f.lastSeen());
                        insert.setInt(9, f.evaluations());
                        insert.setString(10, f.summary());
                        Array attempted = c.createArrayOf("text", f.attempted().toArray());
                        insert.setArray(11, attempted);
                        insert.setString(12, f.halted());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot save the open findings of " + cluster + " in the state database: " + e.getMessage(), e);
        }
    }
}
