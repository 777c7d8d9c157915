package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.act.Notifier;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.time.BoundedWait;
import java.util.List;
import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.PolicySet;
import dev.kafkaremediator.config.policy.Schedule;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.state.postgres.PostgresDatabase;
import dev.kafkaremediator.state.postgres.PostgresLeases;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.kafkaremediator.observe.ClusterConnections;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Function;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: a Quartz scheduler with one observe job per cluster, one evaluation job per policy
 * and cluster on the policy's schedule, a watch on the policy directory, the history, and /metrics
 * and /health. Stopping waits for jobs in progress, so nothing is cut in half.
 *
 * <p>With {@code store.postgres}, several daemons run as one: Quartz's clustered JDBC job store
 * holds one job per cluster ({@link ClusterJob}: observe, then evaluate what is due) that runs on one
 * live instance at a time, under the cluster's lease; the policy directory is watched by each
 * instance for itself, outside Quartz (every instance must load the same policies).
 */
public final class RemediatorDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemediatorDaemon.class);
    private static final String CLUSTER_KEY = "cluster";
    private static final String POLICY_KEY = "policy";
    private static final String OBSERVE = "observe";
    private static final String POLICY_GROUP = "policy";
    private static final long POLICY_DIR_CHECK_MS = 5_000;
    static final int MAX_WORKER_THREADS = 128;
    private static final int MAX_QUARTZ_CONNECTIONS = 20;
    /** Queued notifications get this long at a stop; a stop must end within 10 s when no action runs. */
    private static final java.time.Duration NOTIFICATION_DRAIN = java.time.Duration.ofSeconds(5);
    /** How long a stop waits for the jobs in progress: under the unit's TimeoutStopSec=10min, with room for the rest of the stop. */
    private static final java.time.Duration JOBS_AT_STOP = java.time.Duration.ofMinutes(9);
    /** How often the alert re-sender checks whether an Alertmanager notifier's resend-interval has passed (at least 1s). */
    private static final java.time.Duration RESEND_TICK = java.time.Duration.ofSeconds(1);

    private final RemediatorConfig config;
    private final Clock clock;
    private final Instant started;
    private final Map<String, ClusterWatch> watches;
    /** The configuration of each watched cluster, as last loaded: a reload compares against it. */
    private final Map<String, ClusterConfig> watched;
    private final DirectoryFingerprint clusterDir;
    private ClusterWatches opener;
    private ObservedMetrics metrics;
    private RollJournal journal;
    private final PolicyRegistry policies;
    private final Scheduler scheduler;
    private final ClusterLeases leases;
    /** What /health says of the shared state, read in the background (a database down would hold each request for its connection timeout). */
    private final SharedStateProbe sharedState;
    private static final Duration SHARED_STATE_PROBE_INTERVAL = Duration.ofSeconds(2);
    private final Optional<Clustered> clustered;
    private MetricsServer http;

    private final Map<String, DuePolicies> dues = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean rollsRepairedOnTakeover;
    private dev.kafkaremediator.evaluate.EvaluationTimes evaluationTimes = dev.kafkaremediator.evaluate.EvaluationTimes.inMemory();
    private Notifier notifier;
    private FiringAlerts alerts;
    private java.util.concurrent.ScheduledExecutorService resender;
    private java.util.concurrent.atomic.AtomicBoolean stopping;

    /** What only the clustered daemon holds: Quartz's own pool, and the local watch on the policy directory. */
    private record Clustered(HikariDataSource quartzPool, ScheduledExecutorService policyDirWatch) { }

    private RemediatorDaemon(RemediatorConfig config, Clock clock, Map<String, ClusterWatch> watches, PolicyRegistry policies, Scheduler scheduler,
                             ClusterLeases leases, Optional<Clustered> clustered) {
        this.leases = leases;
        this.sharedState = new SharedStateProbe(leases::lastReached, clock, SHARED_STATE_PROBE_INTERVAL);
        this.clustered = clustered;
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
        this.watches = watches;
        this.watched = new LinkedHashMap<>(config.clusters());
        this.clusterDir = new DirectoryFingerprint(config.clusterDir());
        this.policies = policies;
        this.scheduler = scheduler;
    }

    /**
     * Starts the daemon.
     *
     * @throws InvalidConfigException when the policy set is invalid: the daemon refuses to start on it
     */
    public static RemediatorDaemon start(RemediatorConfig config, Clock clock, Function<ClusterConfig, ClusterConnections> connector)
            throws SchedulerException, IOException, InvalidConfigException {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        PolicyRegistry policies = PolicyRegistry.load(config.policyDir(), config.clusters().keySet());
        StateStores stores = StateStores.configured(config, clock);
        ObservedMetrics metrics = new ObservedMetrics(config.history().maxTopics(), instanceId(stores),
                config.observeInterval().multipliedBy(3), clock);
        // The link in each alert is known once the HTTP server listens (port 0 picks one); until then alerts go without it.
        java.util.concurrent.atomic.AtomicReference<Optional<java.net.URI>> generatorUrl = new java.util.concurrent.atomic.AtomicReference<>(
                config.http().externalUrl().map(RemediatorDaemon::healthUrl));
        Notifier notifier = new Notifier(List.copyOf(config.notifiers().values()), 1000, BoundedWait.Pause.threadSleep(), clock, generatorUrl::get);
        FiringAlerts alerts = new FiringAlerts(notifier, dev.kafkaremediator.time.Ticker.system());
        RollJournal journal = stores.journal();
        // Made below, once the database is known; a takeover's repair runs only after the scheduler starts.
        java.util.concurrent.atomic.AtomicReference<ClusterLeases> sharedLeases = new java.util.concurrent.atomic.AtomicReference<>(ClusterLeases.none());
        ClusterWatches opener = new ClusterWatches(config, clock, connector, stores, metrics, notifier, alerts, stopping::get, sharedLeases::get);
        Map<String, ClusterWatch> watches = new java.util.concurrent.ConcurrentSkipListMap<>();
        for (ClusterConfig cluster : config.clusters().values()) {
            watches.put(cluster.name(), opener.open(cluster));
        }
        // With several instances (acting), the repair at a cluster's first run resumes a roll whose runner died, or reports it
        // (RollTakeover); a report here would tell the operator to resume by hand what is about to be resumed.
        boolean rollsRepairedOnTakeover = stores.database().isPresent() && !config.dryRun();
        if (!rollsRepairedOnTakeover) {
            reportInterruptedRolls(config, journal);
        }
        // Before the first evaluation: an open finding of a notifying policy keeps firing across the restart. With several
        // instances, the one a cluster's job first runs on does it (ClusterJob): re-sending here could re-open an alert the
        // instance running the cluster has just resolved.
        if (stores.database().isEmpty()) {
            watches.values().forEach(w -> w.restoreAlerts(policies.current()));
        }
        Optional<PostgresDatabase> database = stores.database();
        HeapAdvice.forThisJvm(watches.size(), config.observeInterval(), stores.database().isPresent()).warning().ifPresent(LOG::warn);
        dev.kafkaremediator.config.SharedBootstrap.warnings(config.clusters()).forEach(LOG::warn);
        int threads = workerThreads(watches.size());
        Scheduler scheduler;
        ClusterLeases leases;
        Optional<Clustered> clustered;
        if (database.isPresent()) {
            StoreSettings.Ha ha = database.get().settings().ha();
            leases = new PostgresLeases(database.get().pool(), database.get().instanceId(), ha.leaseTtl(), ha.leaseMargin());
            sharedLeases.set(leases);
            // Quartz's worker threads, its check-in and its misfire handler each take a connection for a moment per firing.
            // Held only for a moment per firing, never while a job runs: a few dozen serve any fleet, and a fleet's
            // instances must stay well under PostgreSQL's max_connections (100 by default).
            HikariDataSource quartzPool = database.get().openPool("remediator-quartz", Math.min(threads + 3, MAX_QUARTZ_CONNECTIONS));
            scheduler = ClusteredScheduler.create(quartzPool, database.get().instanceId(), threads, ha.checkinInterval(), config.observeInterval());
            clustered = Optional.of(new Clustered(quartzPool, Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "policy-dir-watch");
                t.setDaemon(true);
                return t;
            })));
        } else {
            leases = ClusterLeases.none();
            scheduler = scheduler(threads);
            clustered = Optional.empty();
        }
        RemediatorDaemon daemon = new RemediatorDaemon(config, clock, watches, policies, scheduler, leases, clustered);
        daemon.notifier = notifier;
        daemon.alerts = alerts;
        database.ifPresent(db -> daemon.evaluationTimes = new dev.kafkaremediator.state.postgres.PostgresEvaluationTimes(db.pool()));
        daemon.opener = opener;
        daemon.metrics = metrics;
        daemon.journal = journal;
        daemon.rollsRepairedOnTakeover = rollsRepairedOnTakeover;
        daemon.stopping = stopping;
        scheduler.setJobFactory((bundle, s) -> daemon.job(bundle.getJobDetail()));
        if (clustered.isPresent()) {
            daemon.schedulePolicies(policies.current()); // checks the crons; the cluster jobs read the policies when they run
            ClusteredScheduler.scheduleClusters(scheduler, watches.keySet(), config.observeInterval(), clock);
            long every = config.observeInterval().toMillis();
            clustered.get().policyDirWatch().scheduleWithFixedDelay(daemon::forgetClustersRunElsewhere, every, every,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            clustered.get().policyDirWatch().scheduleWithFixedDelay(daemon::reloadIfChanged, POLICY_DIR_CHECK_MS, POLICY_DIR_CHECK_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            for (String cluster : watches.keySet()) {
                daemon.scheduleObserve(cluster);
            }
            daemon.schedulePolicies(policies.current());
            scheduler.scheduleJob(JobBuilder.newJob(PolicyDirJob.class).withIdentity("policy-dir", "daemon").build(),
                    TriggerBuilder.newTrigger().withIdentity("policy-dir", "daemon").startNow()
                            .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever().withIntervalInMilliseconds(POLICY_DIR_CHECK_MS)
                                    .withMisfireHandlingInstructionNextWithRemainingCount()).build());
        }
        if (config.http().enabled()) {
            daemon.http = MetricsServer.start(config.http().host(), config.http().port(), metrics, daemon::health);
            if (config.http().externalUrl().isEmpty()) {
                generatorUrl.set(Optional.of(healthUrl(java.net.URI.create("http://" + linkHost(config.http().host()) + ":" + daemon.http.port()))));
            }
        }
        if (alerts.active()) {
            daemon.resender = resender(alerts, leases);
        }
        scheduler.start();
        LOG.info("started: {} clusters {}, {} policies from {}, observe every {}, dry-run={}, state in {}{}{}", watches.size(), watches.keySet(),
                policies.current().policies().size(), policies.dir(), config.observeInterval(), config.dryRun(),
                database.map(d -> "PostgreSQL " + d.url() + " schema " + d.schema()).orElse(config.stateDir().toString()),
                database.map(d -> ", clustered as instance " + d.instanceId() + " (check-in every " + d.settings().ha().checkinInterval()
                        + ", lease " + d.settings().ha().leaseTtl() + " + margin " + d.settings().ha().leaseMargin() + ")").orElse(""),
                daemon.http == null ? ", http off" : ", /metrics and /health on " + config.http().host() + ":" + daemon.http.port());
        return daemon;
    }

    /**
     * Re-sends run on their own thread, not in Quartz: a roll may hold an evaluation (and its Quartz
     * thread) for an hour, other policies of the cluster wait on it, and the pool could be full
     * just when Alertmanager needs to hear again. A tick each second checks each notifier's interval.
     */
    private static java.util.concurrent.ScheduledExecutorService resender(FiringAlerts alerts, ClusterLeases leases) {
        java.util.concurrent.ScheduledExecutorService resender = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-resend");
            t.setDaemon(true);
            return t;
        });
        resender.scheduleWithFixedDelay(() -> {
            try {
                // Asked only when something is due: one query per resend-interval, not per tick.
                if (alerts.due()) {
                    try {
                        leases.lastHeldHere().ifPresent(alerts::retainClusters);
                    } catch (RuntimeException e) {
                        // Without the database, what was ours last stays ours: an alert left unsent would end in Alertmanager.
                        LOG.warn("cannot tell which clusters were last run here; re-sending the alerts held: {}", e.getMessage());
                    }
                }
                alerts.tick();
            } catch (RuntimeException e) {
                LOG.error("re-sending firing alerts failed", e);
            }
        }, 0, RESEND_TICK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return resender;
    }

    /** This process among remediators: the PostgreSQL instance id (store.postgres.instance-id, else host:pid), with files the host's name. */
    private static String instanceId(StateStores stores) {
        return stores.database().map(PostgresDatabase::instanceId).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "localhost";
            }
        });
    }

    /** Where an alert links to: the daemon's /health, which says whether the remediator watches its clusters at all. */
    private static java.net.URI healthUrl(java.net.URI base) {
        return java.net.URI.create(base.toString().replaceAll("/+$", "") + "/health");
    }

    /** A wildcard listen address is no address to link to: the host's name is. */
    private static String linkHost(String host) {
        String name = host;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                name = host;
            }
        }
        return name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    /** A roll journaled as running was cut short (the remediator stopped mid-roll): say where, and how to go on. */
    private static void reportInterruptedRolls(RemediatorConfig config, RollJournal journal) {
        for (String cluster : config.clusters().keySet()) {
            ClusterWatches.reportInterruptedRoll(cluster, journal);
        }
    }

    private org.quartz.Job job(JobDetail detail) {
        if (detail.getKey().getGroup().equals(ClusteredScheduler.GROUP)) {
            ClusterWatch watch = watches.get(detail.getKey().getName());
            if (watch == null) {
                // Another instance's configuration names a cluster this one does not: leave it to them.
                return context -> LOG.debug("cluster={} is not in this instance's configuration; its run is skipped here", detail.getKey().getName());
            }
            return new ClusterJob(watch, leases, policies, dues.computeIfAbsent(watch.cluster(), c -> new DuePolicies(config.observeInterval(), c, evaluationTimes)), clock);
        }
        String type = detail.getKey().getGroup().equals("daemon") ? "daemon" : detail.getKey().getName().equals(OBSERVE) ? OBSERVE : POLICY_GROUP;
        return switch (type) {
            case "daemon" -> new PolicyDirJob(this);
            case OBSERVE -> new ObserveJob(watches.get(detail.getJobDataMap().getString(CLUSTER_KEY)));
            default -> new PolicyJob(watches.get(detail.getJobDataMap().getString(CLUSTER_KEY)), detail.getJobDataMap().getString(POLICY_KEY),
                    policies);
        };
    }

    /** Files mode: the cluster's observe job, on the observe interval. */
    private void scheduleObserve(String cluster) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(ObserveJob.class).withIdentity(OBSERVE, cluster).usingJobData(CLUSTER_KEY, cluster).build();
        scheduler.scheduleJob(job, trigger(OBSERVE, cluster, new Schedule.Every(config.observeInterval())));
    }

    /** One job per policy and cluster it applies to; a cluster's evaluations are serialized by its watch. */
    private void schedulePolicies(PolicySet set) throws SchedulerException {
        if (clustered.isPresent()) {
            // One job per cluster reads the policies as it runs: only check, all or nothing, that every cron fires again.
            java.util.Date now = java.util.Date.from(clock.instant());
            for (Policy policy : set.policies()) {
                if (policy.schedule() instanceof Schedule.Cron cron
                        && ((org.quartz.CronTrigger) trigger(policy.name(), "check", policy.schedule())).getFireTimeAfter(now) == null) {
                    throw new SchedulerException("policy " + policy.name() + " (" + policy.file() + ":" + policy.line() + "): cron \"" + cron.expression()
                            + "\" never fires again");
                }
            }
            return;
        }
        // All or nothing: every new job and trigger is built and checked to fire before any job in force is touched.
        Map<JobDetail, java.util.Set<? extends Trigger>> jobs = policyJobs(set, watches.keySet());
        Map<JobDetail, java.util.Set<? extends Trigger>> replaced = new LinkedHashMap<>();
        java.util.Set<JobKey> kept = new java.util.HashSet<>();
        for (Map.Entry<JobDetail, java.util.Set<? extends Trigger>> job : jobs.entrySet()) {
            Trigger fresh = job.getValue().iterator().next();
            Optional<Trigger> inForce = Optional.ofNullable(scheduler.getTrigger(fresh.getKey()));
            Schedule schedule = set.policy(job.getKey().getKey().getName()).orElseThrow().schedule();
            if (inForce.isPresent() && policies.current().policy(job.getKey().getKey().getName()).filter(p -> p.schedule().equals(schedule)).isPresent()) {
                // A reload keeps each policy's cadence (#22.7): a fresh trigger fires at once, and three SIGHUPs would climb three
                // rungs of an hourly ladder in seconds. The job reads the policy by name when it fires, so it runs the new one.
                kept.add(job.getKey().getKey());
                continue;
            }
            replaced.put(job.getKey(), java.util.Set.of(inForce.map(t -> keepingCadence(fresh, t, schedule)).orElse(fresh)));
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.groupStartsWith(POLICY_GROUP + ":"))) {
            if (!kept.contains(key)) {
                scheduler.deleteJob(key);
            }
        }
        scheduler.scheduleJobs(replaced, true);
    }

    /**
     * A policy whose {@code every} changed: its next run comes the new interval after its last one
     * (at once if that is past), not at the reload. A cron's trigger fires at its next time anyway.
     */
    private Trigger keepingCadence(Trigger fresh, Trigger inForce, Schedule schedule) {
        if (!(schedule instanceof Schedule.Every every) || inForce.getPreviousFireTime() == null) {
            return fresh;
        }
        long next = Math.max(clock.millis(), inForce.getPreviousFireTime().getTime() + every.interval().toMillis());
        return fresh.getTriggerBuilder().startAt(new java.util.Date(next)).build();
    }

    private Map<JobDetail, java.util.Set<? extends Trigger>> policyJobs(PolicySet set, java.util.Collection<String> clusters) throws SchedulerException {
        Map<JobDetail, java.util.Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        java.util.Date now = java.util.Date.from(clock.instant());
        for (Policy policy : set.policies()) {
            for (String cluster : clusters) {
                if (!policy.appliesTo(cluster)) {
                    continue;
                }
                String group = POLICY_GROUP + ":" + cluster;
                JobDetail job = JobBuilder.newJob(PolicyJob.class).withIdentity(policy.name(), group)
                        .usingJobData(CLUSTER_KEY, cluster).usingJobData(POLICY_KEY, policy.name()).build();
                Trigger trigger = trigger(policy.name(), group, policy.schedule());
                if (policy.schedule() instanceof Schedule.Cron cron && ((org.quartz.CronTrigger) trigger).getFireTimeAfter(now) == null) {
                    throw new SchedulerException("policy " + policy.name() + " (" + policy.file() + ":" + policy.line() + "): cron \"" + cron.expression()
                            + "\" never fires again");
                }
                jobs.put(job, java.util.Set.of(trigger));
            }
        }
        return jobs;
    }

    private static Trigger trigger(String name, String group, Schedule schedule) {
        ScheduleBuilder<? extends Trigger> builder = schedule instanceof Schedule.Every every
                // After a pause (GC, suspended host), run once now and keep the cadence; never replay missed runs.
                ? SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.interval().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount()
                : CronScheduleBuilder.cronSchedule(((Schedule.Cron) schedule).expression()).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed();
        return TriggerBuilder.newTrigger().withIdentity(name, group).startNow().withSchedule(builder).build();
    }

    /**
     * Quartz's worker threads for {@code clusters}: bounded, and sized from the fleet, never one per
     * cluster. A cluster holds a thread while it is observed (and evaluated); one that does not answer
     * holds it for its admin timeout (15 s by default) each round, so on a pool of fixed size enough
     * dead clusters would delay every live one. Two per cluster up to 16 (a small fleet: an
     * observation and an evaluation each at once), then one more per 8 clusters: at a 1-minute
     * interval a thread absorbs four dead clusters, so an eighth of the fleet may be dead before the
     * others wait. At most {@value #MAX_WORKER_THREADS}.
     */
    static int workerThreads(int clusters) {
        int small = Math.max(3, Math.min(clusters * 2 + 1, 16));
        return Math.min(MAX_WORKER_THREADS, small + Math.max(0, clusters - 8) / 8);
    }

    private static Scheduler scheduler(int threads) throws SchedulerException {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "kafka-remediator");
        p.put("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.put("org.quartz.jobStore.misfireThreshold", "5000");
        return new StdSchedulerFactory(p).getScheduler();
    }

    /**
     * Reloads the policies (SIGHUP, or a change in the policy directory). A set with errors is
     * reported in full and the last good set stays in force.
     */
    public synchronized boolean reloadPolicies(String why) {
        try {
            PolicySet set = policies.reload();
            schedulePolicies(set);
            policies.commit(set);
            alerts.retainPolicies(set.policies().stream().filter(p -> p.actions().stream()
                    .anyMatch(a -> a instanceof dev.kafkaremediator.config.policy.ActionSpec.Notify)).map(Policy::name)
                    .collect(java.util.stream.Collectors.toSet()));
            LOG.info("policies reloaded ({}): {} policies from {}", why, set.policies().size(), policies.dir());
            return true;
        } catch (InvalidConfigException e) {
            LOG.error("policies NOT reloaded ({}): {} problems; the previous {} policies stay in force:\n{}", why, e.total(),
                    policies.current().policies().size(), e.getMessage());
            return false;
        } catch (SchedulerException e) {
            LOG.error("policies NOT reloaded ({}): {}; the previous {} policies stay in force", why, e.getMessage(),
                    policies.current().policies().size());
            return false;
        }
    }

    void reloadIfChanged() {
        if (clusterDir.changed()) {
            reloadClusters("cluster files changed");
        }
        if (policies.changedOnDisk()) {
            reloadPolicies("policy files changed");
        }
    }

    /** SIGHUP: the clusters (the configuration file and its cluster directory), then the policies; each set with errors stays as it was. */
    public synchronized void reload(String why) {
        // The JVM's signal thread has no context class loader of ours; Quartz's JDBC store builds proxies of
        // java.sql.Connection through it (seen: "java.sql.Connection ... is not visible from class loader").
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(RemediatorDaemon.class.getClassLoader());
        try {
            reloadClusters(why);
            reloadPolicies(why);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * Reads the configuration again and applies its clusters without a restart: added clusters are
     * watched and scheduled, removed ones unscheduled and closed (their series leave /metrics),
     * changed ones closed and opened again. Only the clusters: other settings take effect at the
     * next start (a warning says so when they changed). A configuration with errors leaves the
     * clusters in force, and says why.
     */
    public synchronized boolean reloadClusters(String why) {
        if (config.source().isEmpty()) {
            return true;
        }
        clusterDir.retake();
        RemediatorConfig fresh;
        try {
            fresh = ConfigLoader.load(config.source().get());
        } catch (InvalidConfigException e) {
            LOG.error("clusters NOT reloaded ({}): {} problems; the previous {} clusters stay in force:\n{}", why, e.total(), watched.size(),
                    e.getMessage());
            return false;
        }
        if (fresh.clusters().isEmpty()) {
            LOG.error("clusters NOT reloaded ({}): none configured; the previous {} clusters stay in force", why, watched.size());
            return false;
        }
        if (!fresh.withClusters(Map.of()).equals(config.withClusters(Map.of()))) {
            LOG.warn("configuration read again ({}): only its clusters are applied; its other changed settings take effect at the next start", why);
        }
        FleetChange change = FleetChange.between(watched, fresh.clusters());
        if (change.none()) {
            LOG.info("clusters reloaded ({}): no change, {} clusters", why, watched.size());
            return true;
        }
        Map<String, ClusterWatch> opened = new LinkedHashMap<>();
        try {
            for (String name : change.opened()) {
                opened.put(name, opener.open(fresh.clusters().get(name)));
            }
        } catch (RuntimeException e) {
            opened.values().forEach(ClusterWatch::close);
            LOG.error("clusters NOT reloaded ({}): cannot open the clients of a cluster: {}; the previous {} clusters stay in force", why,
                    e.getMessage(), watched.size());
            return false;
        }
        List<ClusterWatch> retired = new java.util.ArrayList<>();
        try {
            if (clustered.isEmpty()) {
                for (String name : change.removed()) {
                    scheduler.deleteJob(JobKey.jobKey(OBSERVE, name));
                    for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(POLICY_GROUP + ":" + name))) {
                        scheduler.deleteJob(key);
                    }
                }
            }
            change.removed().forEach(name -> retired.add(watches.remove(name)));
            opened.forEach((name, watch) -> {
                ClusterWatch before = watches.put(name, watch);
                if (before != null) {
                    retired.add(before);
                }
                watch.restoreAlerts(policies.current());
            });
            if (clustered.isPresent()) {
                ClusteredScheduler.scheduleClusters(scheduler, watches.keySet(), config.observeInterval(), clock);
            } else {
                for (String name : change.added()) {
                    scheduleObserve(name);
                }
                scheduler.scheduleJobs(policyJobs(policies.current(), change.added()), true);
            }
        } catch (SchedulerException e) {
            // The watches are in place; what failed is their schedule, which the next reload (or a restart) puts right.
            LOG.error("clusters reloaded ({}) but not all scheduled: {}", why, e.getMessage());
        }
        change.removed().forEach(name -> {
            dues.remove(name);
            alerts.forgetCluster(name);
        });
        if (!rollsRepairedOnTakeover) {
            change.added().forEach(name -> ClusterWatches.reportInterruptedRoll(name, journal));
        }
        watched.clear();
        watched.putAll(fresh.clusters());
        policies.clusters(watched.keySet());
        for (Policy policy : policies.current().policies()) {
            change.removed().stream().filter(name -> policy.clusters().contains(name)).forEach(name -> LOG.warn(
                    "policy {} ({}:{}) names cluster {}, which is no longer configured", policy.name(), policy.file(), policy.line(), name));
        }
        retireInBackground(retired, change.removed());
        HeapAdvice.forThisJvm(watched.size(), config.observeInterval(), clustered.isPresent()).warning().ifPresent(LOG::warn);
        dev.kafkaremediator.config.SharedBootstrap.warnings(watched).forEach(LOG::warn);
        LOG.info("clusters reloaded ({}): added {}, removed {}, changed {}; {} clusters now", why, change.added(), change.removed(), change.changed(),
                watched.size());
        try {
            int threads = scheduler.getMetaData().getThreadPoolSize();
            if (workerThreads(watched.size()) > threads) {
                LOG.warn("{} clusters on {} worker threads (sized at the start): restart to have {}, so that clusters that do not answer cannot"
                        + " delay the others", watched.size(), threads, workerThreads(watched.size()));
            }
        } catch (SchedulerException e) {
            LOG.debug("thread pool size unknown: {}", e.getMessage());
        }
        return true;
    }

    /**
     * Closing a retired watch waits for an action in progress on it (a roll may take an hour), so it
     * is done on its own thread, never on the reload's (SIGHUP's, or the directory watch's).
     */
    private void retireInBackground(List<ClusterWatch> retired, java.util.Collection<String> removed) {
        if (retired.isEmpty()) {
            return;
        }
        Thread closer = new Thread(() -> {
            for (ClusterWatch watch : retired) {
                watch.retire();
                if (removed.contains(watch.cluster()) && !watches.containsKey(watch.cluster())) {
                    metrics.removeCluster(watch.cluster());
                }
            }
        }, "retire-clusters");
        closer.setDaemon(true);
        closer.start();
    }

    public PolicySet policies() {
        return policies.current();
    }

    public HealthReport health() {
        Map<String, HealthReport.ClusterHealth> clusters = new LinkedHashMap<>();
        // Several remediators keep their state in the database: without it nothing is remembered, nor acted on under a lease.
        SharedStateProbe.Reading reading = sharedState.current();
        Optional<String> stateProblem = StateDirProbe.problem(config.stateDir()).or(reading::problem);
        Map<String, Instant> shared = reading.lastReached();
        watches.forEach((name, watch) -> clusters.put(name, new HealthReport.ClusterHealth(watch.lastSnapshot(), watch.lastReachable(),
                Optional.ofNullable(shared.get(name)), watch.censusIncomplete())));
        return HealthReport.of(started, clock.instant(), config.observeInterval(), clusters, stateProblem);
    }

    /** The series this daemon serves on /metrics. */
    /**
     * Several instances: the clusters another instance has run since this one last did are that
     * instance's to export; this one's gauges of them go (its counters stay). Once per observe interval.
     */
    void forgetClustersRunElsewhere() {
        try {
            leases.lastHeldHere().ifPresent(ours -> watches.keySet().stream().filter(c -> !ours.contains(c)).forEach(metrics::forgetObservations));
        } catch (RuntimeException e) {
            // The database is asked again next time; /health says when it does not answer.
            LOG.debug("cannot tell which clusters were last run here: {}", e.getMessage());
        }
    }

    ObservedMetrics metrics() {
        return metrics;
    }

    public Optional<Integer> httpPort() {
        return Optional.ofNullable(http).map(MetricsServer::port);
    }

    /** The jobs still running finish their step (a roll the broker in hand), within systemd's TimeoutStopSec with a margin. */
    private void awaitRunningJobs() throws SchedulerException {
        try {
            BoundedWait.monotonic(clock).until("the running jobs to finish their step", JOBS_AT_STOP, java.time.Duration.ofMillis(100), () -> {
                int running = scheduler.getCurrentlyExecutingJobs().size();
                return running == 0 ? BoundedWait.Poll.done(0) : BoundedWait.Poll.notYet(running + " job(s) running");
            });
        } catch (dev.kafkaremediator.time.WaitTimeoutException e) {
            LOG.warn("stopping with jobs still running: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops scheduling, waits for the jobs in progress, then closes the clients and the HTTP server. */
    @Override
    public void close() {
        // A roll in progress stops at its next safe point (between brokers); everything else finishes its step.
        stopping.set(true);
        try {
            // No new run starts; observations in flight are abandoned (their clients closed), not awaited.
            scheduler.standby();
            watches.values().forEach(ClusterWatch::abandonIfIdle);
            awaitRunningJobs();
            // Not shutdown(true): Quartz's pool can keep a worker listed as busy after its thread has ended (seen in
            // FleetReloadTest under load: no worker thread left, shutdown waiting for ever); the jobs were awaited above.
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("scheduler did not shut down cleanly: {}", e.getMessage());
        }
        if (resender != null) {
            // Nothing more is re-sent; what is queued drains below. Alertmanager ends the alerts at their endsAt unless a new daemon re-sends.
            resender.shutdownNow();
        }
        sharedState.close();
        // Given up after the last job ended, so the other instances take the clusters at their next run, not after expiry.
        leases.close();
        clustered.ifPresent(c -> {
            c.policyDirWatch().shutdownNow();
            c.quartzPool().close();
        });
        watches.values().forEach(ClusterWatch::close);
        try {
            // Give queued notifications a moment; they are audited as delivered or failed.
            notifier.drain(BoundedWait.monotonic(clock), NOTIFICATION_DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifier.close();
        if (http != null) {
            http.close();
        }
        LOG.info("stopped");
    }
}
