package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.ClusterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/**
 * Kafka's Admin client for one cluster, created when first needed and created again, with
 * backoff, after a creation failed. {@code Admin.create} throws when no bootstrap host resolves
 * (a DNS outage at boot, a cluster not built yet); one such cluster must not stop the daemon from
 * starting and watching the others, so the failure becomes an unknown fact of that cluster, and
 * the next observation after the backoff tries again.
 */
public final class ReconnectingAdmin implements AutoCloseable {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    private final String cluster;
    private final Supplier<Admin> factory;
    private final Clock clock;
    private Admin admin;
    private Instant nextAttempt = Instant.MIN;
    private Duration backoff = FIRST_BACKOFF;
    private String lastFailure;
    private boolean closed;

    public ReconnectingAdmin(String cluster, Supplier<Admin> factory, Clock clock) {
        this.cluster = cluster;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.clock = clock;
    }

    /** The Admin client of {@code config}, its pass-through properties included, under the given client id. */
    public static ReconnectingAdmin of(ClusterConfig config, String clientId, Clock clock) {
        return new ReconnectingAdmin(config.name(), () -> Admin.create(AdminProperties.of(config, clientId)), clock);
    }

    /** An Admin that already exists (benchmarks, tests against a real cluster). */
    public static ReconnectingAdmin existing(String cluster, Admin admin) {
        ReconnectingAdmin handle = new ReconnectingAdmin(cluster, () -> admin, Clock.systemUTC());
        handle.admin = admin;
        return handle;
    }

    /**
     * The client, created now if it does not exist yet.
     *
     * @throws KafkaException when it cannot be created (or a recent attempt failed and the backoff has not passed); the message says why
     */
    public synchronized Admin get() {
        if (closed) {
            throw new KafkaException("the Admin client of cluster " + cluster + " is closed (the remediator is stopping)");
        }
        if (admin != null) {
            return admin;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw new KafkaException("cluster " + cluster + " unreachable: " + lastFailure + " (next attempt at " + nextAttempt + ")");
        }
        try {
            admin = factory.get();
            backoff = FIRST_BACKOFF;
            lastFailure = null;
            return admin;
        } catch (KafkaException e) {
            lastFailure = KafkaClusterAdmin.rootMessage(rootCause(e));
            nextAttempt = now.plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            throw new KafkaException("cluster " + cluster + " unreachable: cannot create the Admin client: " + lastFailure, e);
        }
    }

    /**
     * Closes the client now held, if any; the next {@link #get} creates another. For a daemon watching a
     * fleet at a long interval: a client kept between observations holds its network thread, its
     * connections and its metrics for the whole interval, one set per cluster, while creating one costs a
     * bootstrap round trip. The caller makes sure no call is in flight on it ({@code timeout} is what
     * such a call would get to finish). Not a close of the handle: the backoff after a failure stays.
     */
    public void closeIdle(Duration timeout) {
        Admin current;
        synchronized (this) {
            current = admin;
            admin = null;
        }
        if (current != null) {
            current.close(timeout);
        }
    }

    /** True while a client is held (created and not closed since). */
    public synchronized boolean holdsClient() {
        return admin != null;
    }

    /** Closes the client if it exists; {@code timeout} zero abandons the calls in flight at once. */
    public void close(Duration timeout) {
        Admin current;
        synchronized (this) {
            closed = true;
            current = admin;
        }
        if (current != null) {
            current.close(timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
