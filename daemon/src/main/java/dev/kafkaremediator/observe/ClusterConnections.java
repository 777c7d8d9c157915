package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.ClusterConfig;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The clients of one cluster (Admin, JMX, and the threads JMX reads run on), opened together and closed together. */
public final class ClusterConnections implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterConnections.class);
    private static final java.time.Duration IDLE_THREAD_KEEP_ALIVE = java.time.Duration.ofSeconds(5);
    /** An idle client has no call in flight: its close is its network thread's exit. */
    private static final java.time.Duration IDLE_CLOSE_TIMEOUT = java.time.Duration.ofSeconds(5);
    private final ClusterConfig config;
    private final ClusterAdmin admin;
    /** Closes what {@link #admin} creates again when next asked (Kafka's Admin client); nothing for fakes. */
    private final Runnable closeIdle;
    private final BrokerJmx jmx;
    private final ExecutorService executor;
    private final Clock clock;
    // Outlives each observation: a producer creation rate compares every reading with the one before.
    private final ProducerInitRates producerInits = new ProducerInitRates();
    // Outlives each observation too: the next census sizes its requests by what this one counted.
    private final CensusEstimates estimates;

    public ClusterConnections(ClusterConfig config, ClusterAdmin admin, BrokerJmx jmx, ExecutorService executor, Clock clock) {
        this(config, admin, () -> { }, jmx, executor, clock, new CensusEstimates());
    }

    /** @param closeIdle closes the clients {@code admin} creates again on demand (see {@link #closeIdle()}) */
    public ClusterConnections(ClusterConfig config, ClusterAdmin admin, Runnable closeIdle, BrokerJmx jmx, ExecutorService executor, Clock clock) {
        this(config, admin, closeIdle, jmx, executor, clock, new CensusEstimates());
    }

    /**
     * @param closeIdle closes the clients {@code admin} creates again on demand (see {@link #closeIdle()})
     * @param estimates the same the census of {@code admin} sizes its requests by
     */
    public ClusterConnections(ClusterConfig config, ClusterAdmin admin, Runnable closeIdle, BrokerJmx jmx, ExecutorService executor, Clock clock,
                              CensusEstimates estimates) {
        this.estimates = estimates;
        this.config = config;
        this.admin = admin;
        this.closeIdle = closeIdle;
        this.jmx = jmx;
        this.executor = executor;
        this.clock = clock;
    }

    /** Real clients: Kafka's Admin and remote JMX. */
    public static ClusterConnections open(ClusterConfig config, Clock clock) {
        return open(config, clock, CensusPermits.forThisJvm());
    }

    /** Real clients, the census sharing {@code census} with the process's other clusters. */
    public static ClusterConnections open(ClusterConfig config, Clock clock, CensusPermits census) {
        config.jmx().plainCredentialsWarning(config.name()).ifPresent(LOG::warn);
        // Threads only while an observation runs (a JMX read per broker, each with its connect): kept 5 s, not the
        // cached pool's 60 s, so a fleet's idle clusters hold none and the live ones are bounded by the daemon's worker
        // threads (clusters observed at once) times their brokers, not by the number of clusters (issue #15).
        ExecutorService executor = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_KEEP_ALIVE.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.SynchronousQueue<>(), daemonThreads("observe-" + config.name()));
        ReconnectingAdmin client = ReconnectingAdmin.of(config, "kafka-remediator", clock);
        CensusEstimates estimates = new CensusEstimates();
        return new ClusterConnections(config, new KafkaClusterAdmin(config.name(), client, clock, census, estimates),
                () -> client.closeIdle(IDLE_CLOSE_TIMEOUT), new RemoteBrokerJmx(config.jmx(), executor), executor, clock, estimates);
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterAdmin admin() {
        return admin;
    }

    /** The previous InitProducerId readings; {@code status} seeds them from the history. */
    public ProducerInitRates producerInits() {
        return producerInits;
    }

    public BrokerJmx jmx() {
        return jmx;
    }

    public ClusterObserver observer() {
        return new ClusterObserver(config, admin, jmx, executor, clock, producerInits, estimates);
    }

    /**
     * Closes the clients that are created again when next needed (Kafka's Admin client, its network
     * thread, connections and metrics), keeping what must outlive an observation (the InitProducerId
     * readings, the JMX readers' marks). For the daemon between two observations of a cluster at a long
     * interval; the caller makes sure nothing uses the clients meanwhile.
     */
    public void closeIdle() {
        closeIdle.run();
    }

    @Override
    public void close() {
        admin.close();
        executor.shutdownNow();
    }

    /**
     * Closes at once, abandoning the observation in flight: its Admin calls fail now and its JMX
     * reads are interrupted, so a stop does not wait out their timeouts.
     */
    public void abandon() {
        admin.abandon();
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
