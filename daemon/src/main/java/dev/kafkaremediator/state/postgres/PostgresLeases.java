package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.ClusterLease;
import dev.kafkaremediator.lease.ClusterLeases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-cluster leases in PostgreSQL ({@code cluster_lease}, V101), with fencing tokens.
 *
 * <p>Each statement decides on the row alone and on the database's clock, in one atomic
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}: two instances asking at once never both win.
 * The rules:
 * <ul>
 *   <li>a free cluster, or our own lease (same instance and same process run), is taken or extended
 *       to now + {@code ttl}; the token changes only when the holder does;</li>
 *   <li>another's lease is taken only once it expired more than {@code margin} ago: its holder,
 *       if merely paused, has that long after its expiry to find out at its next
 *       {@link ClusterLease#confirm()} and stop, before anyone else may act;</li>
 *   <li>{@code confirm} (before each change) extends the lease only if the row still has our
 *       session and token; an expired lease nobody took is still ours (nobody else acted).</li>
 * </ul>
 * While a cluster's job or roll runs, a background thread renews its lease every third of {@code ttl};
 * at the end of the run the lease is {@link #release released}: Quartz hands each firing to
 * whichever instance asks first, and the next one takes the cluster at once (a new token when it is
 * another instance). A lease held only while something runs is also what makes a paused or cut-off
 * instance harmless: nothing of it outlives the run but the row's record of who ran last.
 */
public final class PostgresLeases implements ClusterLeases {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeases.class);

    private final DataSource pool;
    private final String instanceId;
    private final String session = UUID.randomUUID().toString();
    private final Duration ttl;
    private final Duration margin;
    private final Map<String, PgLease> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    public PostgresLeases(DataSource pool, String instanceId, Duration ttl, Duration margin) {
        if (ttl.isNegative() || ttl.isZero() || margin.isNegative()) {
            throw new IllegalArgumentException("lease ttl must be positive and margin not negative: " + ttl + ", " + margin);
        }
        this.pool = pool;
        this.instanceId = instanceId;
        this.ttl = ttl;
        this.margin = margin;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-renewer");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewRunning, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Attempt acquire(String cluster) {
        // The CTE reads the row as it was before this statement: whose it was, to tell a takeover from an extension.
        String sql = """
                WITH prev AS (SELECT session FROM cluster_lease WHERE cluster = ?)
                INSERT INTO cluster_lease AS l (cluster, holder, session, token, acquired_at, expires_at)
                VALUES (?, ?, ?, 1, now(), now() + ? * interval '1 millisecond')
                ON CONFLICT (cluster) DO UPDATE SET
                    token = CASE WHEN l.session = excluded.session THEN l.token ELSE l.token + 1 END,
                    acquired_at = CASE WHEN l.session = excluded.session THEN l.acquired_at ELSE now() END,
                    holder = excluded.holder, session = excluded.session, expires_at = excluded.expires_at
                WHERE l.session = excluded.session OR l.expires_at + ? * interval '1 millisecond' < now()
                RETURNING token, (SELECT session FROM prev) AS prev
                """;
        try {
            return Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, cluster);
                    s.setString(2, cluster);
                    s.setString(3, instanceId);
                    s.setString(4, session);
                    s.setLong(5, ttl.toMillis());
                    s.setLong(6, margin.toMillis());
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            PgLease lease = new PgLease(cluster, rs.getLong("token"));
                            held.put(cluster, lease);
                            return new Held(lease, !session.equals(rs.getString("prev")));
                        }
                    }
                }
                held.remove(cluster);
                return busy(c, cluster);
            });
        } catch (SQLException e) {
            throw new StateStoreException("cannot take the lease of cluster " + cluster + ": " + e.getMessage(), e);
        }
    }

    private static Busy busy(Connection c, String cluster) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT holder, token, expires_at FROM cluster_lease WHERE cluster = ?")) {
            s.setString(1, cluster);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Busy(rs.getString("holder"), rs.getLong("token"), Sql.instant(rs, "expires_at"));
            }
        }
    }

    @Override
    public AutoCloseable renewWhileRunning(String cluster) {
        AtomicInteger count = running.computeIfAbsent(cluster, k -> new AtomicInteger());
        count.incrementAndGet();
        return count::decrementAndGet;
    }

    private void renewRunning() {
        running.forEach((cluster, count) -> {
            PgLease lease = held.get(cluster);
            if (count.get() > 0 && lease != null && !lease.lost) {
                try {
                    if (!lease.extend() && lease.lost) {
                        LOG.error("cluster={} lease (token {}) was taken over by another instance; no further change is made from here",
                                cluster, lease.token);
                    }
                } catch (SQLException e) {
                    // The next confirm() before a change asks again; a lease not renewed runs out and is not used past that.
                    LOG.warn("cluster={} lease not renewed: {}", cluster, e.getMessage());
                }
            }
        });
    }

    @Override
    public void release(String cluster) {
        release(cluster, java.util.Optional.empty());
    }

    @Override
    public void release(String cluster, java.util.Optional<java.time.Instant> reachedAt) {
        PgLease lease = held.remove(cluster);
        if (lease == null) {
            return;
        }
        try {
            lease.release(reachedAt);
        } catch (SQLException e) {
            // Not given up: it runs out at its expiry, and the cluster's next firing elsewhere waits that long.
            LOG.warn("cluster={} lease (token {}) not released: {}", cluster, lease.token, e.getMessage());
        }
    }

    @Override
    public java.util.Optional<java.util.Set<String>> lastHeldHere() {
        try {
            return java.util.Optional.of(Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT cluster FROM cluster_lease WHERE session = ?")) {
                    s.setString(1, session);
                    java.util.Set<String> clusters = new java.util.HashSet<>();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            clusters.add(rs.getString(1));
                        }
                    }
                    return java.util.Set.copyOf(clusters);
                }
            }));
        } catch (SQLException e) {
            throw new StateStoreException("cannot read which clusters this instance held last: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Map<String, java.time.Instant> lastReached() {
        try {
            return Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT cluster, reached_at FROM cluster_lease WHERE reached_at IS NOT NULL");
                     ResultSet rs = s.executeQuery()) {
                    java.util.Map<String, java.time.Instant> reached = new java.util.HashMap<>();
                    while (rs.next()) {
                        reached.put(rs.getString("cluster"), Sql.instant(rs, "reached_at"));
                    }
                    return java.util.Map.copyOf(reached);
                }
            });
        } catch (SQLException e) {
            throw new StateStoreException("cannot read when the clusters were last reached: " + e.getMessage(), e);
        }
    }

    /** Gives up our leases (expired at once, holder kept), so another instance takes the clusters at its next run. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE cluster_lease SET expires_at = now() - ? * interval '1 millisecond' WHERE session = ?")) {
                    s.setLong(1, margin.toMillis() + 1);
                    s.setString(2, session);
                    return s.executeUpdate();
                }
            });
        } catch (SQLException e) {
            LOG.warn("leases not given up (they expire on their own): {}", e.getMessage());
        }
        held.clear();
    }

    private final class PgLease implements ClusterLease {
        private final String cluster;
        private final long token;
        private volatile boolean lost;
        private boolean released;

        PgLease(String cluster, long token) {
            this.cluster = cluster;
            this.token = token;
        }

        @Override
        public OptionalLong token() {
            return OptionalLong.of(token);
        }

        @Override
        public String holder() {
            return instanceId;
        }

        /**
         * Ends it: expired past the margin at once, holder and token kept. Synchronized with
         * {@link #extend}, so a renewal in flight cannot push the expiry out again after this.
         */
        synchronized void release(java.util.Optional<java.time.Instant> reachedAt) throws SQLException {
            released = true;
            Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE cluster_lease SET expires_at = now() - ? * interval '1 millisecond', "
                        + "reached_at = GREATEST(reached_at, ?::timestamptz) WHERE cluster = ? AND session = ? AND token = ?")) {
                    s.setLong(1, margin.toMillis() + 1);
                    Sql.setNullable(s, 2, reachedAt.orElse(null));
                    s.setString(3, cluster);
                    s.setString(4, session);
                    s.setLong(5, token);
                    return s.executeUpdate();
                }
            });
        }

        /** True when the row is still ours (session and token) and now extended; false once another took it or we released it. */
        synchronized boolean extend() throws SQLException {
            if (lost || released) {
                return false;
            }
            boolean ours = Sql.withConnection(pool, c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE cluster_lease SET expires_at = now() + ? * interval '1 millisecond' "
                        + "WHERE cluster = ? AND session = ? AND token = ?")) {
                    s.setLong(1, ttl.toMillis());
                    s.setString(2, cluster);
                    s.setString(3, session);
                    s.setLong(4, token);
                    return s.executeUpdate() == 1;
                }
            });
            if (!ours) {
                lost = true;
            }
            return ours;
        }

        @Override
        public void confirm() throws ActionFailure {
            boolean ours;
            try {
                ours = extend();
            } catch (SQLException e) {
                throw new ActionFailure("cannot confirm the lease of cluster " + cluster + " (token " + token + "): " + e.getMessage()
                        + "; no change is made without it", true, e);
            }
            if (!ours && !lost) {
                throw new ActionFailure("the lease of cluster " + cluster + " (token " + token + ") was released at the end of its run; "
                        + "stopping before the change", true, null);
            }
            if (!ours) {
                throw new ActionFailure("the lease of cluster " + cluster + " (token " + token + ") was taken over by another instance; "
                        + "stopping before the change", true, null);
            }
        }
    }
}
