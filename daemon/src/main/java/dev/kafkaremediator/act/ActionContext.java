package dev.kafkaremediator.act;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.observe.BrokerJmx;
import dev.kafkaremediator.observe.ClusterAdmin;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.time.BoundedWait;
import java.time.Instant;

/** What an action works with: the cluster's config and clients, the snapshot it was planned on, the ledger, and the clock (through the wait). */
public record ActionContext(ClusterConfig cluster, ClusterAdmin reads, ClusterChanges changes, BrokerDiagnostics diagnostics, BrokerJmx jmx,
                            ClusterSnapshot snapshot, ActionLedger ledger, BoundedWait waiter) {

    public Instant now() {
        return waiter.clock().instant();
    }
}
