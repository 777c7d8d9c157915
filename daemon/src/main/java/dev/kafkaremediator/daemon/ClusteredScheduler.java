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

    private ClusteredScheduler() {
    }

    /**
     * A scheduler on {@code pool}, not started. Quartz finds data sources by name in its own
     * process-wide registry ({@link DBConnectionManager}); ours is registered there under a name
     * of its own per instance, so two schedulers in one JVM (tests) never share one by accident.
     */
    static Scheduler create(DataSource pool, String instanceId, int threads, Duration checkinInterval) throws SchedulerException {
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
        p.put("org.quartz.jobStore.misfireThreshold", "5000");
        // Trigger acquisition under the database lock: with several instances, no firing is acquired twice.
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return new StdSchedulerFactory(p).getScheduler();
    }

    /**
     * One job per cluster, idempotent across instances starting together: a job already in the store
     * with the same interval is kept (an instance starting does not reset another's cadence); one with
     * another interval is replaced; jobs of clusters this configuration no longer names are removed
     * (the configuration of the instance started last wins, so every instance should share one).
     */
    static void scheduleClusters(Scheduler scheduler, Collection<String> clusters, Duration interval) throws SchedulerException {
        for (String cluster : clusters) {
            JobKey key = JobKey.jobKey(cluster, GROUP);
            Trigger existing = scheduler.getTrigger(TriggerKey.triggerKey(cluster, GROUP));
            if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval.toMillis() && scheduler.checkExists(key)) {
                continue;
            }
            JobDetail job = JobBuilder.newJob(ClusterJob.class).withIdentity(key).storeDurably(false).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(cluster, GROUP).forJob(key).startNow()
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
