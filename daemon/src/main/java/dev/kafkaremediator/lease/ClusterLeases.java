package dev.kafkaremediator.lease;

import dev.kafkaremediator.act.ClusterLease;
import java.time.Instant;

/**
 * Per-cluster leases: which instance may act on a cluster now. {@link #none()} for one instance
 * (files); {@link PostgresLeases} when several share PostgreSQL.
 */
public interface ClusterLeases extends AutoCloseable {

    /** What asking for a cluster's lease gave. */
    sealed interface Attempt permits Held, Busy { }

    /**
     * Ours: {@code takenOver} when we were not its holder before (a first start, or another instance's
     * lease that expired): what that holder left half done is ours to repair now.
     */
    record Held(ClusterLease lease, boolean takenOver) implements Attempt { }

    /** Another instance holds it until {@code until} (the database's time); it may be taken only after that plus the margin. */
    record Busy(String holder, long token, Instant until) implements Attempt { }

    /**
     * Takes the cluster's lease, or extends it when it is already ours.
     *
     * @throws dev.kafkaremediator.state.postgres.StateStoreException when the database cannot answer (then nobody acts)
     */
    Attempt acquire(String cluster);

    /**
     * While the returned handle is open the lease is renewed in the background (a roll runs for
     * minutes); closed, it runs down to its expiry unless {@link #release released}.
     */
    AutoCloseable renewWhileRunning(String cluster);

    /**
     * Ends our lease of the cluster now (its row keeps us as the last holder, and its token), so
     * whichever instance Quartz hands the cluster's next firing to takes it at once. Quartz picks
     * the instance per firing; a lease kept past the run would make a firing elsewhere find the
     * cluster busy and skip it, leaving the cluster unobserved until the lease ran out.
     */
    default void release(String cluster) {
        // nothing held between runs
    }

    /**
     * The same, recording that this run reached the cluster at {@code reachedAt} (what the other
     * instances judge the cluster's health by while they stand by).
     */
    default void release(String cluster, java.util.Optional<java.time.Instant> reachedAt) {
        release(cluster);
    }

    /**
     * When any instance last reached each cluster (recorded at {@link #release(String, java.util.Optional)});
     * empty when nothing is shared (one instance).
     *
     * @throws dev.kafkaremediator.state.postgres.StateStoreException when the database cannot answer
     */
    default java.util.Map<String, java.time.Instant> lastReached() {
        return java.util.Map.of();
    }

    /**
     * The clusters whose lease was last ours (held now, or released and not taken by another since):
     * their open alerts are ours to keep firing. Empty when every cluster is always ours (one instance).
     *
     * @throws dev.kafkaremediator.state.postgres.StateStoreException when the database cannot answer
     */
    default java.util.Optional<java.util.Set<String>> lastHeldHere() {
        return java.util.Optional.empty();
    }

    /** Gives up every lease held (a clean stop), so the others take over at once instead of after expiry. */
    @Override
    void close();

    static ClusterLeases none() {
        return NoLeases.INSTANCE;
    }

    /** One instance: every cluster is always ours, and was never anyone else's. */
    enum NoLeases implements ClusterLeases {
        INSTANCE;

        @Override
        public Attempt acquire(String cluster) {
            return new Held(ClusterLease.none(), false);
        }

        @Override
        public AutoCloseable renewWhileRunning(String cluster) {
            return () -> { };
        }


        @Override
        public void close() {
            // nothing held
        }
    }
}
