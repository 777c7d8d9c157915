package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.ActionClients;
import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.Notifier;
import dev.kafkaremediator.act.RestartCommand;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.time.BoundedWait;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the watch of one cluster with everything the daemon shares between clusters (stores,
 * metrics, notifier, alerts): at start for every configured cluster, and at a reload for each
 * cluster added or changed.
 */
final class ClusterWatches {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatches.class);

    private final RemediatorConfig config;
    private final Clock clock;
    private final Function<ClusterConfig, ClusterConnections> connector;
    private final StateStores stores;
    private final ObservedMetrics metrics;
    private final Notifier notifier;
    private final FiringAlerts alerts;
    private final BooleanSupplier stopping;
    private final java.util.function.Supplier<dev.kafkaremediator.lease.ClusterLeases> leases;
    /** Shared by every watch this opens: a changed cluster's new watch must not repair what its old watch's action still holds. */
    private final ActionsInProgress inProgress = new ActionsInProgress();

    /** @param leases the cluster leases, once the daemon has made them (a takeover's repair runs only after the start) */
    ClusterWatches(RemediatorConfig config, Clock clock, Function<ClusterConfig, ClusterConnections> connector, StateStores stores,
                   ObservedMetrics metrics, Notifier notifier, FiringAlerts alerts, BooleanSupplier stopping,
                   java.util.function.Supplier<dev.kafkaremediator.lease.ClusterLeases> leases) {
        this.config = config;
        this.clock = clock;
        this.connector = connector;
        this.stores = stores;
        this.metrics = metrics;
        this.notifier = notifier;
        this.alerts = alerts;
        this.stopping = stopping;
        this.leases = leases;
    }

    ClusterWatch open(ClusterConfig cluster) {
        RollJournal journal = stores.journal();
        AuditLog audit = stores.audit();
        ActionConnections actions = ActionConnections.open(cluster);
        ClusterConnections connections = connector.apply(cluster);
        ActionClients clients = new ActionClients(connections.admin(), connections.jmx(), actions.changes(), actions.diagnostics(),
                new RestartCommand(cluster.restartCommand()), journal, notifier);
        BoundedWait waiter = BoundedWait.monotonic(clock);
        Remediation remediation = new Remediation(cluster.name(), config.dryRun(), audit, clock, metrics, inProgress);
        // The watch evaluates with its own cluster's settings as loaded now: a reload may add or change it after the start.
        RemediatorConfig own = config.withClusters(java.util.Map.of(cluster.name(), cluster));
        java.util.function.BiFunction<dev.kafkaremediator.observe.ClusterSnapshot, dev.kafkaremediator.act.ClusterLease, ActionContext> contexts =
                (snapshot, lease) -> new ActionContext(cluster, snapshot, () -> connections.observer().observeHealth(), clients, stores.ledger(), waiter,
                        stopping, lease);
        ClusterWatch watch = new ClusterWatch(connections, stores.history(), stores.findings(), metrics, own, clock, remediation, contexts,
                actions, alerts, idleClients(config.observeInterval(), connections, actions));
        boolean shared = stores.database().isPresent();
        if (!config.dryRun()) {
            // Shared state: also after each takeover, when a roll the dead holder left unfinished is ours to resume or report.
            watch.onFirstReachable(() -> {
                restoreInterruptedExpiry(cluster, connections, actions, audit);
                if (shared) {
                    // A roll whose runner died is resumed here, under this instance's lease; one stopped or failed is reported.
                    new RollTakeover(cluster.name(), journal, leases, lease -> contexts.apply(connections.observer().observeHealth(), lease),
                            audit, clock).run();
                }
            });
        }
        return watch;
    }

    /**
     * What a watch closes between its observations. Kafka's Admin client holds a network thread, its
     * connections and its metrics for as long as it lives: kept between observations, that is one set per
     * cluster, and with several instances one per cluster on each of them (a cluster's runs move between
     * instances), so a fleet of 1,000 clusters held 1,000 such threads in every instance. Created again at
     * each observation, it costs a bootstrap round trip, small against an observation a minute. So at an
     * interval of {@link #KEEP_CLIENTS_BELOW} or more the clients are closed after each use, and only the
     * clusters being observed hold one; below it they are kept, as a few clusters observed every few
     * seconds are better served by their connections.
     */
    static Runnable idleClients(Duration observeInterval, ClusterConnections connections, ActionConnections actions) {
        if (observeInterval.compareTo(KEEP_CLIENTS_BELOW) < 0) {
            return () -> { };
        }
        return () -> {
            connections.closeIdle();
            actions.closeIdle();
        };
    }

    /** The observe interval from which a watch's clients are closed between observations (see {@link #idleClients}). */
    static final Duration KEEP_CLIENTS_BELOW = Duration.ofSeconds(30);

    /** A lowered producer.id.expiration.ms left by a remediator that stopped mid-action is put back before anything else. */
    private void restoreInterruptedExpiry(ClusterConfig cluster, ClusterConnections connections, ActionConnections actions, AuditLog audit) {
        try {
            ExpiryRepair.run(cluster.name(), connections.admin(), actions.changes(), audit, clock, cluster.timeouts().admin(), inProgress)
                    .forEach(LOG::warn);
        } catch (AuditException e) {
            LOG.warn("cluster={} cannot read the audit for an interrupted expire-producers: {}", cluster.name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("cluster={} an interrupted expire-producers could not be checked: {}", cluster.name(), e.getMessage());
        }
    }

    /** A roll journaled as running was cut short (the remediator stopped mid-roll): say where, and how to go on. */
    static void reportInterruptedRoll(String cluster, RollJournal journal) {
        try {
            journal.load(cluster).filter(r -> r.status() != RollJournal.Status.DONE).ifPresent(r ->
                    LOG.warn("cluster={} roll {} (started {}) did not finish: {}; brokers not done: {}; continue it with: remediator roll --cluster {} "
                            + "--resume --reason ...", cluster, r.id(), r.started(), r.status() == RollJournal.Status.RUNNING
                            ? "interrupted" : r.note(), r.remaining(), cluster));
        } catch (dev.kafkaremediator.act.ActionFailure e) {
            LOG.warn("cluster={} {}", cluster, e.getMessage());
        }
    }
}
