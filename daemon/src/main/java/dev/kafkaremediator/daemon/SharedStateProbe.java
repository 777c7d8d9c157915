package dev.kafkaremediator.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What /health says of the state shared with other instances (when each cluster was last reached,
 * and whether the state database answers), read on a thread of its own, never on the request's:
 * a database that is down makes each read wait for the pool's connection timeout (10 s by default),
 * which /health and /metrics behind it must not. /health answers from the last reading; a reading
 * that has taken longer than {@link #STUCK} counts as no answer. The outage is logged once when it
 * begins and once when it ends, with its length.
 */
final class SharedStateProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedStateProbe.class);
    /** A read this long in progress says the database is not answering now, whatever the last reading said. */
    static final Duration STUCK = Duration.ofSeconds(1);

    /** The last reading: the clusters' last-reached times, or why there are none. */
    record Reading(Map<String, Instant> lastReached, Optional<String> problem) { }

    private final Supplier<Map<String, Instant>> source;
    private final Clock clock;
    private final AtomicReference<Reading> last = new AtomicReference<>(new Reading(Map.of(), Optional.empty()));
    private final AtomicReference<Instant> readingSince = new AtomicReference<>();
    private volatile Optional<Instant> downSince = Optional.empty();
    private final ScheduledExecutorService executor;

    /**
     * @param source   reads the shared state ({@code ClusterLeases::lastReached}); throws when the database cannot answer
     * @param interval between the end of one reading and the start of the next
     */
    SharedStateProbe(Supplier<Map<String, Instant>> source, Clock clock, Duration interval) {
        this.source = source;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "state-probe");
            t.setDaemon(true);
            return t;
        });
        read();
        executor.scheduleWithFixedDelay(this::read, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last reading, or "not answering" while a reading has been waiting for more than {@link #STUCK}. */
    Reading current() {
        Reading reading = last.get();
        Instant since = readingSince.get();
        if (since != null && reading.problem().isEmpty()) {
            Duration waited = Duration.between(since, clock.instant());
            if (waited.compareTo(STUCK) > 0) {
                return new Reading(Map.of(), Optional.of("the state database has not answered for " + waited.toMillis() + " ms"));
            }
        }
        return reading;
    }

    void read() {
        Instant start = clock.instant();
        readingSince.set(start);
        try {
            Map<String, Instant> reached = source.get();
            last.set(new Reading(reached, Optional.empty()));
            downSince.ifPresent(down -> LOG.info("the state database answers again (it did not for {}s)",
                    Duration.between(down, clock.instant()).toSeconds()));
            downSince = Optional.empty();
        } catch (RuntimeException e) {
            String why = "the state database does not answer: " + e.getMessage();
            last.set(new Reading(Map.of(), Optional.of(why)));
            if (downSince.isEmpty()) {
                downSince = Optional.of(start);
                LOG.warn("{}; /health answers 503 and no cluster is acted on until it is back (retried every few seconds)", why);
            }
        } finally {
            readingSince.set(null);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
