package dev.kafkaremediator.state.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Who holds (or last held) each cluster's lease ({@code cluster_lease}, V101), read-only, for
 * {@code status}: the instance whose job last ran on the cluster. A lease whose expiry has passed
 * still names its last holder; {@code live} says whether it is in force.
 */
public final class LeaseHolders {

    /** One row of {@code cluster_lease}; {@code live} by the database's clock. */
    public record Holder(String instance, long token, Instant expiresAt, boolean live) { }

    private LeaseHolders() {
    }

    /** Every cluster with a lease row, by name. */
    public static Map<String, Holder> read(DataSource pool) {
        try {
            return Sql.withConnection(pool, c -> {
                Map<String, Holder> holders = new LinkedHashMap<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT cluster, holder, token, expires_at, expires_at > now() AS live FROM cluster_lease ORDER BY cluster");
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        holders.put(rs.getString("cluster"), new Holder(rs.getString("holder"), rs.getLong("token"), Sql.instant(rs, "expires_at"),
                                rs.getBoolean("live")));
                    }
                }
                return holders;
            });
        } catch (SQLException e) {
            throw new StateStoreException("cannot read the cluster leases: " + e.getMessage(), e);
        }
    }
}
