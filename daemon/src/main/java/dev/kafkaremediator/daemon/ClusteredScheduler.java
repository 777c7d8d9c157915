package dev.kafkaremediator.daemon;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz on its clustered JDBC job store in the state database (tables {@code qrtz_*}, V100), and
 * the one job per cluster it runs. Every instance of one schema is a member of the same Quartz
 * cluster (same scheduler name); each firing runs on one of them, and an instance that stops checking
 * in has its running jobs recovered by the others.
 */
final class ClusteredScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredScheduler.class);
    static final String GROUP = "cluster";
    static final String SCHEDULER_NAME = "kafka-remediator";

    /** Triggers acquired in one transaction at most; see {@link #create}. */
    static final int ACQUIRE_BATCH = 10;
    static final Duration ACQUIRE_AHEAD = Duration.ofSeconds(1);
    /** The first runs of a fleet's clusters are spread 100 ms per cluster, over one interval at most. */
    static final Duration SPREAD_PER_CLUSTER = Duration.ofMillis(100);

    private ClusteredScheduler() {
    }

    /**
     * How late a firing may run before Quartz skips it to the next one (misfire): half an interval,
     * at least 5 s. Quartz's 5 s alone made a fleet's firings that had waited on a busy host or on the
     * shared lock be skipped for a whole interval, where a run late by a few seconds is still the round.
     */
    static Duration misfireThreshold(Duration observeInterval) {
        Duration half = observeInterval.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : half;
    }

    /**
     * When a cluster's job first fires, after {@code now}: spread over the interval by a hash of the
     * cluster's name, so that a fleet's jobs do not all fire at the same instant every interval (they
     * did, from one startNow: 150 clusters due at once, the firings queued on Quartz's lock, and those
     * more than the misfire threshold late were skipped to the next interval). The spread is 100 ms per
     * cluster, one interval at most: a few clusters are observed within a second of the start.
     * The name alone decides the offset, so instances starting together agree.
     */
    static Duration firstRunDelay(String cluster, int clusters, Duration interval) {
        long spread = Math.min(interval.toMillis(), SPREAD_PER_CLUSTER.toMillis() * Math.max(1, clusters));
        // Fibonacci hashing (the product's top bits as a fraction of the spread): consecutive names (fleet-001,
        // fleet-002 ...) land far apart, evenly over it.
        long mixed = (cluster.hashCode() & 0xffffffffL) * 0x9E3779B97F4A7C15L;
        double fraction = (mixed >>> 11) / (double) (1L << 53);
        return Duration.ofMillis((long) (fraction * spread));
    }

    /**
     * A scheduler on {@code pool}, not started. Quartz finds data sources by name in its own
     * process-wide registry ({@link DBConnectionManager}); ours is registered there under a name
     * of its own per instance, so two schedulers in one JVM (tests) never share one by accident.
     */
    static Scheduler create(DataSource pool, String instanceId, int threads, Duration checkinInterval, Duration observeInterval)
            throws SchedulerException {
        String dataSource = "remediator-" + instanceId + "-" + System.identityHashCode(pool);
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PoolProvider(pool));
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.put("org.quartz.scheduler.instanceId", instanceId);
        p.put("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", dataSource);
        p.put("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval.toMillis()));
        // Job data as properties text, never Java serialization: the process's deserialization filter
        // (JmxSerialFilter) admits only what JMX needs, and nothing read from a database should be built as objects.
        p.put("org.quartz.jobStore.useProperties", "true");
        p.put("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThreshold(observeInterval).toMillis()));
        // Trigger acquisition under the database lock: with several instances, no firing is acquired twice.
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // Each acquisition is a transaction on the one lock row all instances share; one trigger at a time (Quartz's
        // default) made a fleet's firings queue on it. Up to ACQUIRE_BATCH due within a second of each other in one go.
        p.put("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(Math.max(1, Math.min(threads, ACQUIRE_BATCH))));
        p.put("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", String.valueOf(ACQUIRE_AHEAD.toMillis()));
        return new StdSchedulerFactory(p).getScheduler();
    }

    /**
     * One job per cluster, idempotent across instances starting together: a job already in the store
     * with the same interval (and recovery requested) is kept (an instance starting does not reset another's cadence); one with
     * another interval is replaced; jobs of clusters this configuration no longer names are removed
     * (the configuration of the instance started last wins, so every instance should share one).
     */
    static void scheduleClusters(Scheduler scheduler, Collection<String> clusters, Duration interval, java.time.Clock clock)
            throws SchedulerException {
        for (String cluster : clusters) {
            JobKey key = JobKey.jobKey(cluster, GROUP);
            Trigger existing = scheduler.getTrigger(TriggerKey.triggerKey(cluster, GROUP));
            JobDetail stored = scheduler.getJobDetail(key);
            if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval.toMillis() && stored != null
                    && stored.requestsRecovery()) {
                continue;
            }
            // Recovery requested: a run cut by its instance's death (kill -9, a host lost) runs again on another once Quartz
            // finds that instance dead (its check-in + 7.5 s), instead of the cluster waiting a whole interval for its next firing.
            // The run takes the lease again; the dead holder's runs out lease-ttl + lease-margin after its last renewal.
            JobDetail job = JobBuilder.newJob(ClusterJob.class).withIdentity(key).storeDurably(false).requestRecovery(true).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(cluster, GROUP).forJob(key)
                    // From now at each cluster, not at the first: storing a thousand jobs takes seconds on a busy database.
                    .startAt(java.util.Date.from(clock.instant().plus(firstRunDelay(cluster, clusters.size(), interval))))
                    // After a pause, run once now and keep the cadence; never replay missed runs.
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            try {
                scheduler.scheduleJob(job, Set.of(trigger), true);
            } catch (org.quartz.ObjectAlreadyExistsException raced) {
                // Another instance stored it between our check and now: theirs stands.
                LOG.debug("cluster={} job stored by another instance meanwhile", cluster);
            }
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!clusters.contains(key.getName())) {
                LOG.info("cluster={} is no longer configured: its job is removed from the shared scheduler", key.getName());
                scheduler.deleteJob(key);
            }
        }
    }

    /** Quartz's connections from our pool; the daemon closes the pool itself, after the scheduler. */
    private record PoolProvider(DataSource pool) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool is the daemon's to close
        }

        @Override
        public void initialize() {
            // the pool is open already
        }
    }
}
