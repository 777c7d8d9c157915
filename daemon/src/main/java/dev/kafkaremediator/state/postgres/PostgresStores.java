package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.config.HistorySettings;
import dev.kafkaremediator.config.StoreSettings;
import java.time.Clock;

/**
 * The five stores over one database: what {@code StateStores.postgres} wires. Closing it closes
 * the pool (a roll lock in hand keeps its own connection until it is closed).
 */
public record PostgresStores(PostgresDatabase database, PostgresHistoryStore history, PostgresFindingStore findings, PostgresActionLedger ledger,
                             PostgresAuditLog audit, PostgresRollJournal journal) implements AutoCloseable {

    /**
     * Connects, migrates the schema and builds the stores.
     *
     * @throws StateStoreException when the database cannot be reached or migrated
     */
    public static PostgresStores open(StoreSettings.Postgres settings, HistorySettings history, Clock clock) {
        PostgresDatabase database = PostgresDatabase.open(settings);
        return over(database, history, clock);
    }

    /** The stores over a database already open (the import, the tests). */
    public static PostgresStores over(PostgresDatabase database, HistorySettings history, Clock clock) {
        return new PostgresStores(database,
                new PostgresHistoryStore(database.pool(), history.retention(), history.minInterval(), clock),
                new PostgresFindingStore(database.pool()),
                new PostgresActionLedger(database.pool(), clock, database.instanceId()),
                new PostgresAuditLog(database.pool(), database.instanceId()),
                new PostgresRollJournal(database, clock));
    }

    @Override
    public void close() {
        database.close();
    }
}
