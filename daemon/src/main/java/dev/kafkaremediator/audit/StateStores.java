package dev.kafkaremediator.audit;

import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.evaluate.FileFindingStore;
import dev.kafkaremediator.evaluate.FindingStore;
import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.guard.FileActionLedger;
import dev.kafkaremediator.history.FileHistoryStore;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.state.postgres.PostgresStores;
import java.time.Clock;

/**
 * The state that outlives a process, each kind behind its own interface: history, open findings,
 * the action ledger (cooldowns and daily counts), the audit log and the roll journal (with the
 * roll lock). The file stores of one state directory share its write lock: appends and the
 * ledger's check-and-record are serialized across threads and processes (daemon and CLI). The daemon and every command get them from here and see only the interfaces, so
 * another store (PostgreSQL, for several remediators acting as one) replaces the files in one place.
 *
 * <p>{@code resources} is what the stores hold open (the PostgreSQL pool; nothing for files), released by {@link #close()}.
 */
public record StateStores(HistoryStore history, FindingStore findings, ActionLedger ledger, AuditLog audit, RollJournal journal,
                          AutoCloseable resources) implements AutoCloseable {

    /** Stores that hold nothing open. */
    public StateStores(HistoryStore history, FindingStore findings, ActionLedger ledger, AuditLog audit, RollJournal journal) {
        this(history, findings, ledger, audit, journal, () -> { });
    }

    /**
     * The stores the configuration names ({@code store}): files by default, or PostgreSQL.
     *
     * @throws dev.kafkaremediator.state.postgres.StateStoreException when PostgreSQL is configured and cannot be reached or migrated
     */
    public static StateStores configured(RemediatorConfig config, Clock clock) {
        return config.store() instanceof StoreSettings.Postgres ? postgres(config, clock) : files(config, clock);
    }

    /** The embedded default: files under the configuration's state directory. */
    public static StateStores files(RemediatorConfig config, Clock clock) {
        // One write lock for the whole directory, shared by every store (see StateWriteLock for why one per process).
        StateWriteLock lock = StateWriteLock.in(config.stateDir());
        return new StateStores(
                new FileHistoryStore(config.stateDir().resolve("history"), config.history().retention(), config.history().minInterval(), clock, lock),
                new FileFindingStore(config.stateDir().resolve("findings")),
                new FileActionLedger(config.stateDir().resolve("actions"), clock, lock),
                FileAuditLog.in(config.stateDir(), lock, clock),
                new FileRollJournal(config.stateDir().resolve("rolls")));
    }

    /**
     * The same five stores in PostgreSQL ({@code store.postgres}), its schema migrated first; several
     * instances may share them. Close the result to close its connection pool.
     *
     * @throws IllegalArgumentException when the configuration does not name PostgreSQL
     * @throws dev.kafkaremediator.state.postgres.StateStoreException when the database cannot be reached or migrated
     */
    public static StateStores postgres(RemediatorConfig config, Clock clock) {
        if (!(config.store() instanceof StoreSettings.Postgres settings)) {
            throw new IllegalArgumentException("the configuration keeps its state in files, not in PostgreSQL (store.postgres { ... })");
        }
        PostgresStores stores = PostgresStores.open(settings, config.history(), clock);
        return new StateStores(stores.history(), stores.findings(), stores.ledger(), stores.audit(), stores.journal(), stores);
    }

    /** The PostgreSQL database behind these stores; empty for files. Several remediators as one need it (Quartz's job store, the leases). */
    public java.util.Optional<dev.kafkaremediator.state.postgres.PostgresDatabase> database() {
        return resources instanceof PostgresStores stores ? java.util.Optional.of(stores.database()) : java.util.Optional.empty();
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the state stores: " + e.getMessage(), e);
        }
    }
}
