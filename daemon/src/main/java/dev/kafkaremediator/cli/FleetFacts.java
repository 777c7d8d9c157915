package dev.kafkaremediator.cli;

import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.history.HistoryException;
import dev.kafkaremediator.state.postgres.LeaseHolders;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code status} tells of each cluster beyond its snapshot, from the state stores: open
 * findings, the last action (from the audit), and which remediator instance owns it (the lease
 * holder in PostgreSQL; with files, only a daemon on this host can). Trouble reading one is said
 * on stderr and leaves that fact unknown, never the command failed.
 */
final class FleetFacts {
    /** How far back the audit is read for each cluster's last action. */
    static final Duration ACTION_LOOKBACK = Duration.ofDays(7);
    static final String THIS_HOST = "this host";

    /** The last action on a cluster: its kind (trim, roll, ...), id, its latest record and when. */
    record LastAction(String action, String id, String event, Instant time, boolean dryRun) { }

    /** One cluster's facts; empty where unknown (or none). */
    record Facts(Optional<String> owner, Optional<Integer> openFindings, Optional<LastAction> lastAction) { }

    private FleetFacts() {
    }

    static Map<String, Facts> read(RemediatorConfig config, StateStores stores, Collection<String> clusters, Instant now, PrintWriter err) {
        Map<String, LastAction> actions = lastActions(stores, now, err);
        Map<String, String> owners = owners(config, stores, err);
        Map<String, Facts> facts = new HashMap<>();
        for (String cluster : clusters) {
            Optional<Integer> open;
            try {
                open = Optional.of(stores.findings().load(cluster).size());
            } catch (HistoryException | RuntimeException e) {
                err.println("findings: " + cluster + ": " + e.getMessage());
                open = Optional.empty();
            }
            facts.put(cluster, new Facts(Optional.ofNullable(owners.get(cluster)), open, Optional.ofNullable(actions.get(cluster))));
        }
        return facts;
    }

    /** The latest action per cluster: the action named by its plan record, and the newest record of that action. */
    private static Map<String, LastAction> lastActions(StateStores stores, Instant now, PrintWriter err) {
        List<AuditEvent> events;
        try {
            events = stores.audit().read(now.minus(ACTION_LOOKBACK)).events();
        } catch (dev.kafkaremediator.audit.AuditException | RuntimeException e) {
            err.println("audit: " + e.getMessage());
            return Map.of();
        }
        Map<String, String> kinds = new HashMap<>();
        Map<String, LastAction> last = new HashMap<>();
        for (AuditEvent e : events) {
            if (e.event().equals("plan") && e.details().get("action") != null) {
                kinds.put(e.actionId(), String.valueOf(e.details().get("action")));
            }
            String kind = kinds.get(e.actionId());
            if (kind != null) {
                last.put(e.cluster(), new LastAction(kind, e.actionId(), e.event(), e.time(), e.dryRun()));
            }
        }
        return last;
    }

    /** Lease holders in PostgreSQL; with files, this host (nobody else shares the state). */
    private static Map<String, String> owners(RemediatorConfig config, StateStores stores, PrintWriter err) {
        if (!(config.store() instanceof StoreSettings.Postgres)) {
            Map<String, String> all = new HashMap<>();
            config.clusters().keySet().forEach(c -> all.put(c, THIS_HOST));
            return all;
        }
        try {
            Map<String, String> holders = new HashMap<>();
            stores.database().ifPresent(db -> LeaseHolders.read(db.pool()).forEach((cluster, h) -> holders.put(cluster, h.instance())));
            return holders;
        } catch (RuntimeException e) {
            err.println("leases: " + e.getMessage());
            return Map.of();
        }
    }
}
