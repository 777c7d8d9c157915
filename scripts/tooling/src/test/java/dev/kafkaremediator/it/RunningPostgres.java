package dev.kafkaremediator.it;

import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.localpg.LocalPostgres;
import dev.kafkaremediator.localpg.LocalPostgresState;
import dev.kafkaremediator.state.postgres.PostgresDatabase;
import dev.kafkaremediator.time.BoundedWait;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The integration tests' PostgreSQL: one real server per test run, started through
 * {@link LocalPostgres} (the code behind {@code scripts/local-postgres.sh}) on a free port under
 * {@code it.postgres.dir}, and stopped by its PID when the run ends, or by a shutdown hook if the
 * test JVM is stopped early. Each test takes a schema of its own, so tests never see each other's rows.
 */
public final class RunningPostgres implements AutoCloseable {
    private final LocalPostgres postgres;
    private final LocalPostgresState state;
    private final Thread shutdownHook;
    private final AtomicInteger schemas = new AtomicInteger();

    private RunningPostgres(LocalPostgres postgres, LocalPostgresState state, Thread shutdownHook) {
        this.postgres = postgres;
        this.state = state;
        this.shutdownHook = shutdownHook;
    }

    static RunningPostgres start() {
        Path dir = Path.of(System.getProperty("it.postgres.dir", "target/it-postgres"));
        LocalPostgres postgres = new LocalPostgres(dir, Duration.ofMinutes(2), Duration.ofSeconds(30), BoundedWait.system(),
                line -> System.out.println("[it-postgres] " + line));
        Thread hook = new Thread(() -> stopQuietly(postgres), "it-postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            postgres.stop(); // a server left by an earlier, interrupted run is stopped by its recorded PID
            return new RunningPostgres(postgres, postgres.start(OptionalInt.empty()), hook);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(postgres);
            throw new IllegalStateException("interrupted while starting the test PostgreSQL", e);
        } catch (RuntimeException e) {
            stopQuietly(postgres);
            throw e;
        }
    }

    public LocalPostgresState state() {
        return state;
    }

    public long pid() {
        return state.pid();
    }

    /** Store settings for a fresh schema of this server, with a short connection timeout and an instance id of the test's choosing. */
    public StoreSettings.Postgres newSchema(String instanceId) {
        return settings("it_" + schemas.incrementAndGet() + "_" + ProcessHandle.current().pid(), instanceId);
    }

    public StoreSettings.Postgres settings(String schema, String instanceId) {
        return new StoreSettings.Postgres(state.jdbcUrl(), state.user(), Optional.empty(), schema, Optional.of(instanceId), 4,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** A database opened and migrated on {@code settings}; close it. */
    public PostgresDatabase open(StoreSettings.Postgres settings) {
        return PostgresDatabase.open(settings);
    }

    /** A plain superuser connection, for checks the stores do not offer. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(state.jdbcUrl(), state.user(), "");
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        stopQuietly(postgres);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private static void stopQuietly(LocalPostgres postgres) {
        try {
            postgres.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("[it-postgres] stop failed: " + e.getMessage());
        }
    }
}
