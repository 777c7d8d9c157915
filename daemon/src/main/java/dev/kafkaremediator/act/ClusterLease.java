package dev.kafkaremediator.act;

import java.util.OptionalLong;

/**
 * This instance's right to change one cluster, with its fencing token. With several remediators
 * sharing PostgreSQL the token is the cluster's lease row's (incremented on every change of holder),
 * recorded on each audit record of the action; with the files store there is one instance (the
 * state directory's lock sees to it) and the lease is {@link #none()}.
 */
public interface ClusterLease {

    /** The fencing token; empty when no lease is kept (one instance, files). */
    OptionalLong token();

    /** Who holds it: this instance's id ("" when no lease is kept). */
    String holder();

    /**
     * Right before a change: the lease is still ours, with the same token, and is extended. A
     * remediator paused (GC, suspended host) past its lease finds here that another took over,
     * and makes no change.
     *
     * @throws ActionFailure stopping the plan when the lease was lost or cannot be confirmed
     */
    void confirm() throws ActionFailure;

    /** The lease of a lone instance: no token, nothing to confirm. */
    static ClusterLease none() {
        return None.INSTANCE;
    }

    /** The no-op lease (a stateless singleton). */
    enum None implements ClusterLease {
        INSTANCE;

        @Override
        public OptionalLong token() {
            return OptionalLong.empty();
        }

        @Override
        public String holder() {
            return "";
        }

        @Override
        public void confirm() {
            // one instance: nobody else can hold the cluster
        }
    }
}
