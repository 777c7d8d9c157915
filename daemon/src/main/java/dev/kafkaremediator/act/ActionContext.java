package dev.kafkaremediator.act;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.observe.BrokerJmx;
import dev.kafkaremediator.observe.ClusterAdmin;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.time.BoundedWait;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What an action works with: the cluster's config, the snapshot it was planned on and a way to take
 * a fresh look at the cluster's health (a roll re-checks between brokers: membership, partitions and
 * their ISR, broker states; no producer census nor consumer offsets), its clients, the ledger, the clock (through the
 * wait), whether the remediator is stopping (a roll stops at its next safe point), and the lease on
 * the cluster under which it acts (confirmed before each change; {@link ClusterLease#none()} for one instance).
 */
public record ActionContext(ClusterConfig cluster, ClusterSnapshot snapshot, Supplier<ClusterSnapshot> fresh, ActionClients clients,
                            ActionLedger ledger, BoundedWait waiter, BooleanSupplier stopping, ClusterLease lease) {

    /** One instance: no lease to hold. */
    public ActionContext(ClusterConfig cluster, ClusterSnapshot snapshot, Supplier<ClusterSnapshot> fresh, ActionClients clients,
                         ActionLedger ledger, BoundedWait waiter, BooleanSupplier stopping) {
        this(cluster, snapshot, fresh, clients, ledger, waiter, stopping, ClusterLease.none());
    }

    public Instant now() {
        return waiter.clock().instant();
    }

    public ClusterAdmin reads() {
        return clients.reads();
    }

    public BrokerJmx jmx() {
        return clients.jmx();
    }

    public ClusterChanges changes() {
        return clients.changes();
    }

    public BrokerDiagnostics diagnostics() {
        return clients.diagnostics();
    }

    /** The runner for this cluster: cooldowns and daily limits from this context's ledger and clock, changes under its lease. */
    public ActionRunner runner() {
        return new ActionRunner(ledger, cluster.name(), waiter.clock()).underLease(lease);
    }
}
