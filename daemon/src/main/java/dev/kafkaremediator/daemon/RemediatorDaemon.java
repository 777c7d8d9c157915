package dev.kafkaremediator.daemon;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.history.FileHistoryStore;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.observe.ClusterConnections;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: a Quartz scheduler with one observe job per cluster, the history, and /metrics and
 * /health. Stopping waits for jobs in progress to finish, so an observation is never cut in half.
 */
public final class RemediatorDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemediatorDaemon.class);
    private static final String CLUSTER_KEY = "cluster";

    private final RemediatorConfig config;
    private final Clock clock;
    private final Instant started;
    private final Map<String, ClusterWatch> watches;
    private final Scheduler scheduler;
    private final MetricsServer http;

    private RemediatorDaemon(RemediatorConfig config, Clock clock, Map<String, ClusterWatch> watches, Scheduler scheduler, MetricsServer http) {
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
        this.watches = watches;
        this.scheduler = scheduler;
        this.http = http;
    }

    public static RemediatorDaemon start(RemediatorConfig config, Clock clock, Function<ClusterConfig, ClusterConnections> connector)
            throws SchedulerException, IOException {
        HistoryStore history = new FileHistoryStore(config.stateDir().resolve("history"), config.history().retention(),
                config.history().minInterval(), clock);
        ObservedMetrics metrics = new ObservedMetrics(config.history().maxTopics());
        Map<String, ClusterWatch> watches = new LinkedHashMap<>();
        for (ClusterConfig cluster : config.clusters().values()) {
            watches.put(cluster.name(), new ClusterWatch(connector.apply(cluster), history, metrics, config.history().maxTopics()));
        }
        Scheduler scheduler = scheduler(watches.size());
        scheduler.setJobFactory((bundle, s) -> new ObserveJob(watches.get(bundle.getJobDetail().getJobDataMap().getString(CLUSTER_KEY))));
        for (String cluster : watches.keySet()) {
            JobDetail job = JobBuilder.newJob(ObserveJob.class).withIdentity("observe", cluster).usingJobData(CLUSTER_KEY, cluster).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity("observe", cluster).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(config.observeInterval().toMillis()).repeatForever()
                            // After a pause (GC, suspended host), observe once now and keep the cadence; never replay missed runs.
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.scheduleJob(job, trigger);
        }
        RemediatorDaemon[] self = new RemediatorDaemon[1];
        MetricsServer http = null;
        if (config.http().enabled()) {
            http = MetricsServer.start(config.http().host(), config.http().port(), metrics, () -> self[0].health());
        }
        self[0] = new RemediatorDaemon(config, clock, watches, scheduler, http);
        scheduler.start();
        LOG.info("started: {} clusters {}, observe every {}, dry-run={}, state in {}{}", watches.size(), watches.keySet(),
                config.observeInterval(), config.dryRun(), config.stateDir(),
                http == null ? ", http off" : ", /metrics and /health on " + config.http().host() + ":" + http.port());
        return self[0];
    }

    private static Scheduler scheduler(int clusters) throws SchedulerException {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "kafka-remediator");
        p.put("org.quartz.threadPool.threadCount", String.valueOf(Math.max(2, Math.min(clusters, 16))));
        p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.put("org.quartz.jobStore.misfireThreshold", "5000");
        return new StdSchedulerFactory(p).getScheduler();
    }

    public HealthReport health() {
        Map<String, Optional<Instant>> last = new LinkedHashMap<>();
        watches.forEach((name, watch) -> last.put(name, watch.lastSnapshot()));
        return HealthReport.of(started, clock.instant(), config.observeInterval(), last);
    }

    public Optional<Integer> httpPort() {
        return Optional.ofNullable(http).map(MetricsServer::port);
    }

    /** Stops scheduling, waits for the observations in progress, then closes the clients and the HTTP server. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("scheduler did not shut down cleanly: {}", e.getMessage());
        }
        watches.values().forEach(ClusterWatch::close);
        if (http != null) {
            http.close();
        }
        LOG.info("stopped");
    }
}
