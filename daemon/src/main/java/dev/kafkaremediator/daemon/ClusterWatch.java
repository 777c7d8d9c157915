package dev.kafkaremediator.daemon;

import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.evaluate.FindingStore;
import dev.kafkaremediator.evaluate.FindingTracker;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.observe.SampleOf;
import dev.kafkaremediator.plan.EvaluationRound;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.RemediationPlan;
import dev.kafkaremediator.plan.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One watched cluster in the daemon: its long-lived clients, the latest snapshot, and what
 * observations and evaluations feed (history, metrics, open findings). Evaluations of one cluster
 * never overlap, whichever policies trigger them.
 */
final class ClusterWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

    private final ClusterConnections connections;
    private final HistoryStore history;
    private final FindingStore findings;
    private final ObservedMetrics metrics;
    private final RemediatorConfig config;
    private final Clock clock;
    private final AtomicReference<ClusterSnapshot> latest = new AtomicReference<>();
    private final AtomicReference<Instant> latestTakenAt = new AtomicReference<>();
    private final AtomicReference<Instant> lastReachable = new AtomicReference<>();
    private volatile boolean abandoned;
    private Runnable repair = () -> { };
    private volatile boolean repairPending;
    private final ReentrantLock evaluation = new ReentrantLock();
    private Map<String, OpenFinding> open;

    private final Remediation remediation;
    private final FiringAlerts alerts;
    private final java.util.function.BiFunction<ClusterSnapshot, dev.kafkaremediator.act.ClusterLease, dev.kafkaremediator.act.ActionContext> contexts;
    private final AutoCloseable actionClients;
    /** Run when no observation nor evaluation uses the clients any more: closes the ones created again on demand, or nothing. */
    private final Runnable closeIdleClients;
    private final Object uses = new Object();
    private int users;

    /** {@code contexts}: what actions planned on a snapshot, under a lease, work with (clients, ledger, journal, notifiers). */
    ClusterWatch(ClusterConnections connections, HistoryStore history, FindingStore findings, ObservedMetrics metrics, RemediatorConfig config,
                 Clock clock, Remediation remediation,
                 java.util.function.BiFunction<ClusterSnapshot, dev.kafkaremediator.act.ClusterLease, dev.kafkaremediator.act.ActionContext> contexts,
                 AutoCloseable actionClients, FiringAlerts alerts) {
        this(connections, history, findings, metrics, config, clock, remediation, contexts, actionClients, alerts, () -> { });
    }

    /** @param closeIdleClients what to close between uses (see {@link ClusterWatches#idleClients}), run with no use in progress */
    ClusterWatch(ClusterConnections connections, HistoryStore history, FindingStore findings, ObservedMetrics metrics, RemediatorConfig config,
                 Clock clock, Remediation remediation,
                 java.util.function.BiFunction<ClusterSnapshot, dev.kafkaremediator.act.ClusterLease, dev.kafkaremediator.act.ActionContext> contexts,
                 AutoCloseable actionClients, FiringAlerts alerts, Runnable closeIdleClients) {
        this.closeIdleClients = closeIdleClients;
        this.alerts = alerts;
        this.connections = connections;
        this.remediation = remediation;
        this.contexts = contexts;
        this.actionClients = actionClients;
        this.history = history;
        this.findings = findings;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    String cluster() {
        return connections.config().name();
    }

    Optional<Instant> lastSnapshot() {
        return Optional.ofNullable(latestTakenAt.get());
    }

    /** Why the last snapshot's census was cut short (partitions unknown, the first reason), if it was. */
    Optional<String> censusIncomplete() {
        return Optional.ofNullable(latest.get()).flatMap(s -> Optional.ofNullable(s.failures().get("describeProducers")));
    }

    /** When the cluster last answered (describeCluster); empty while it never has since the start. */
    Optional<Instant> lastReachable() {
        return Optional.ofNullable(lastReachable.get());
    }

    /**
     * What to do once, at the first observation that reaches the cluster (put back what a stopped
     * remediator left half done). Not at start: a cluster unreachable then would hold up the others.
     */
    void onFirstReachable(Runnable repair) {
        this.repair = repair;
        this.repairPending = true;
    }

    /**
     * This instance took the cluster over (its lease changed hands): another instance may have
     * changed the open findings and left an action half done since we last looked. Forget what
     * is cached, and repair again at the next observation that reaches the cluster.
     */
    void tookOver() {
        evaluation.lock();
        try {
            open = null;
            repairPending = true;
            // The last InitProducerId readings are the other instance's, in the shared history: a rate needs no second observation here.
            dev.kafkaremediator.observe.ProducerInitSeed.fromHistory(history, cluster(), connections, clock.instant(),
                    config.observeInterval().multipliedBy(3));
        } finally {
            evaluation.unlock();
        }
    }

    /** True once the daemon abandoned this cluster's observations to stop; what fails after that is expected. */
    boolean abandoned() {
        return abandoned;
    }

    /**
     * Stopping: when no evaluation (and so no action) is running, closes the clients at once so an
     * observation in flight ends now instead of waiting out its timeouts. An evaluation in progress
     * keeps its clients; the daemon's stop waits for it and closes them after.
     */
    void abandonIfIdle() {
        if (evaluation.tryLock()) {
            try {
                abandoned = true;
                connections.abandon();
            } finally {
                evaluation.unlock();
            }
        }
    }

    /**
     * The cluster left the configuration (or changed, and a new watch replaces this one): an
     * observation in flight is abandoned, an evaluation in progress (an action) is waited for, never
     * cut, then the clients are closed. Blocks for as long as that evaluation runs.
     */
    void retire() {
        abandoned = true;
        evaluation.lock();
        try {
            connections.abandon();
            close();
        } finally {
            evaluation.unlock();
        }
    }

    ClusterSnapshot observeOnce() {
        MDC.put("cluster", cluster());
        startUse();
        try {
            ClusterSnapshot snapshot = connections.observer().observe();
            if (abandoned) {
                return snapshot;
            }
            if (snapshot.reachable()) {
                lastReachable.set(snapshot.takenAt());
                if (repairPending) {
                    repairPending = false;
                    // A repair may act (restore an expiry, resume a roll): like an evaluation, a stop waits for it and keeps its clients.
                    evaluation.lock();
                    try {
                        repair.run();
                    } finally {
                        evaluation.unlock();
                    }
                }
            }
            metrics.record(snapshot);
            try {
                history.append(cluster(), SampleOf.snapshot(snapshot, config.history().maxTopics()));
            } catch (HistoryException e) {
                LOG.warn("cluster={} history not recorded: {}", cluster(), e.getMessage());
            }
            latest.set(snapshot);
            latestTakenAt.set(snapshot.takenAt());
            long registered = snapshot.brokers().stream().filter(BrokerSnapshot::registered).count();
            long producerIds = snapshot.brokers().stream().mapToLong(b -> b.producerIdCount().optional().orElse(0L)).max().orElse(0);
            LOG.info("cluster={} observed: reachable={} brokers={}/{} topics={} max-broker-producer-ids={} took={}ms unknown-sources={}",
                    cluster(), snapshot.reachable(), registered, snapshot.brokers().size(),
                    snapshot.topicCount().optional().map(String::valueOf).orElse("?"), producerIds, snapshot.duration().toMillis(),
                    snapshot.failures().isEmpty() ? "none" : snapshot.failures());
            return snapshot;
        } finally {
            endUse();
            MDC.remove("cluster");
        }
    }

    /**
     * An observation or an evaluation (with its actions) begins: the clients are in use until its
     * {@link #endUse}. The last use to end runs {@link #closeIdleClients}, under the same lock, so a use
     * that begins meanwhile waits for the close and then gets new clients, never a closing one.
     */
    /** One use spanning several (a cluster's run: its observation, then the evaluations due), so the clients stay open between them. */
    AutoCloseable inUse() {
        startUse();
        return this::endUse;
    }

    private void startUse() {
        synchronized (uses) {
            users++;
        }
    }

    private void endUse() {
        synchronized (uses) {
            if (--users == 0 && !abandoned) {
                try {
                    closeIdleClients.run();
                } catch (RuntimeException e) {
                    LOG.warn("cluster={} closing idle clients: {}", cluster(), e.getMessage());
                }
            }
        }
    }

    /**
     * Drops the latest snapshot, keeping when it was taken. Several instances: a cluster's run observes and
     * evaluates at once, and nothing reads its snapshot after the run; kept, every instance would hold one
     * snapshot (every topic and partition) of every cluster it has ever run, and a cluster's runs move
     * between instances, so each would end up holding the whole fleet's. With the files, policies
     * evaluate the latest snapshot on their own schedules, and it is kept.
     */
    void forgetSnapshot() {
        latest.set(null);
    }

    /** True while the latest snapshot is held (for evaluations to come). */
    boolean holdsSnapshot() {
        return latest.get() != null;
    }

    /** Evaluates one policy against the latest snapshot and records what opened, went on, or resolved. */
    void evaluate(Policy policy) {
        evaluate(policy, dev.kafkaremediator.act.ClusterLease.none());
    }

    /** The same, acting under {@code lease} (several remediators: confirmed before each change, its token audited). */
    void evaluate(Policy policy, dev.kafkaremediator.act.ClusterLease lease) {
        ClusterSnapshot snapshot = latest.get();
        Duration stale = config.observeInterval().multipliedBy(3);
        if (snapshot == null || snapshot.takenAt().isBefore(clock.instant().minus(stale))) {
            LOG.warn("cluster={} policy={} not evaluated: no snapshot in the last {}", cluster(), policy.name(), stale);
            return;
        }
        evaluation.lock();
        MDC.put("cluster", cluster());
        startUse();
        try {
            EvaluationRound.Result result = EvaluationRound.run(snapshot, List.of(policy), history, config);
            result.historyProblems().forEach(p -> LOG.warn("cluster={} history: {}", cluster(), p));
            FindingTracker.Transition t = FindingTracker.apply(openFindings(), policy.name(), result.findings(), snapshot.takenAt());
            open = t.open();
            for (OpenFinding o : t.opened()) {
                LOG.warn("cluster={} policy={} finding opened on {} ({}): {}", cluster(), o.policy(), o.entity(), o.severity(), o.summary());
                metrics.findingOpened(cluster(), o.policy(), o.severity());
                result.plans().stream().filter(p -> p.finding().key().equals(o.key())).forEach(this::logPlan);
            }
            for (OpenFinding o : t.updated()) {
                LOG.info("cluster={} policy={} finding ongoing on {} since {} ({} evaluations): {}", cluster(), o.policy(), o.entity(), o.firstSeen(),
                        o.evaluations(), o.summary());
            }
            for (OpenFinding o : t.resolved()) {
                LOG.info("cluster={} policy={} finding resolved on {} (open since {})", cluster(), o.policy(), o.entity(), o.firstSeen());
            }
            remediation.resolved(policy, t.resolved(), snapshot.takenAt(), alerts);
            // Findings are told first, then acted on: the log reads in the order things happened.
            try {
                open = remediation.act(policy, result.plans(), t.opened().stream().map(OpenFinding::key).toList(), open, contexts.apply(snapshot, lease));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("cluster={} policy={} interrupted while acting; the audit says how far it got", cluster(), policy.name());
            }
            // Each evaluation refreshes what the alert says (Prometheus too re-sends current annotations); its identity stays.
            for (RemediationPlan plan : result.plans()) {
                OpenFinding o = open.get(plan.finding().key());
                if (o != null) {
                    Remediation.notifyAction(plan).ifPresent(n -> alerts.fire(o, dev.kafkaremediator.act.ActionFactory.notification(cluster(), n)));
                }
            }
            try {
                findings.save(cluster(), open);
            } catch (HistoryException e) {
                LOG.warn("cluster={} {}", cluster(), e.getMessage());
            }
            metrics.recordFindings(cluster(), open.values());
        } finally {
            endUse();
            MDC.remove("cluster");
            evaluation.unlock();
        }
    }

    /** Another instance holds this cluster (several remediators as one): its alerts are not ours to re-send, nor is it ours on /metrics. */
    void forgetAlerts() {
        alerts.forgetCluster(cluster());
        metrics.released(cluster());
    }

    /**
     * At start (one instance), or when the cluster comes to this instance (several): the stored open
     * findings whose alerts must go on firing until their policies are evaluated again.
     */
    void restoreAlerts(dev.kafkaremediator.config.policy.PolicySet policies) {
        if (!alerts.active()) {
            return;
        }
        evaluation.lock();
        try {
            openFindings().values().stream().filter(o -> policies.policy(o.policy()).filter(p -> p.appliesTo(cluster()))
                            .filter(p -> p.actions().stream().anyMatch(a -> a instanceof dev.kafkaremediator.config.policy.ActionSpec.Notify)).isPresent())
                    .forEach(o -> alerts.restore(cluster(), o));
        } finally {
            evaluation.unlock();
        }
    }

    private Map<String, OpenFinding> openFindings() {
        if (open == null) {
            try {
                open = findings.load(cluster());
            } catch (HistoryException e) {
                LOG.warn("cluster={} {}", cluster(), e.getMessage());
                open = Map.of();
            }
        }
        return open;
    }

    private void logPlan(RemediationPlan plan) {
        for (Step s : plan.steps()) {
            LOG.info("cluster={} policy={} plan step {} {} -> {}: {}{}{}", cluster(), plan.finding().policy(), s.order(), s.kind(), s.target(),
                    s.description(), s.skipped().map(w -> " [skipped: " + w + "]").orElse(""), plan.dryRun() ? " [dry-run]" : "");
        }
    }

    @Override
    public void close() {
        connections.close();
        try {
            actionClients.close();
        } catch (Exception e) {
            LOG.warn("cluster={} closing the action clients: {}", cluster(), e.getMessage());
        }
    }
}
