package dev.kafkaremediator.state.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kafkaremediator.config.StoreSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remediator's connection to its state database: a HikariCP pool with explicit timeouts, the
 * schema migrated by Flyway before anything is read (migrations in {@code db/migration}), and this
 * process's instance id, which every audit record and ledger run carries.
 *
 * <p>Flyway takes its own lock in the database while it migrates, so instances starting together
 * migrate once. The roll lock needs a connection that no pool will hand to anyone else while it is
 * held (a session advisory lock lives as long as its session): {@link #dedicatedConnection()}.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
    public static final String MIGRATIONS = "classpath:db/migration";

    private final StoreSettings.Postgres settings;
    private final String instanceId;
    private final HikariDataSource pool;
    private final Properties connectionProperties;

    private PostgresDatabase(StoreSettings.Postgres settings, String instanceId, HikariDataSource pool, Properties connectionProperties) {
        this.settings = settings;
        this.instanceId = instanceId;
        this.pool = pool;
        this.connectionProperties = connectionProperties;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws StateStoreException when the server cannot be reached within the connection timeout, refuses the login, or a migration fails
     */
    public static PostgresDatabase open(StoreSettings.Postgres settings) {
        String instanceId = settings.instanceId().orElseGet(PostgresDatabase::defaultInstanceId);
        Properties props = connectionProperties(settings, instanceId);
        LoginCheck.refusedLogin(settings, props);
        HikariDataSource pool;
        try {
            pool = pool(settings, props, "remediator-state", settings.poolSize());
        } catch (RuntimeException e) {
            throw new StateStoreException("cannot connect to the state database " + settings.displayUrl() + " as " + settings.user() + ": " + rootMessage(e), e);
        }
        PostgresDatabase database = new PostgresDatabase(settings, instanceId, pool, props);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * A second pool on the same database with the same settings, for Quartz's clustered job store:
     * its scheduler, check-in and misfire threads each hold a connection for a moment at every
     * firing, and must never wait behind a store (or a store behind them). The caller closes it.
     *
     * @throws StateStoreException when the server cannot be reached within the connection timeout
     */
    public HikariDataSource openPool(String name, int size) {
        try {
            return pool(settings, connectionProperties, name, size);
        } catch (RuntimeException e) {
            throw new StateStoreException("cannot connect to the state database " + settings.displayUrl() + " as " + settings.user() + ": " + rootMessage(e), e);
        }
    }

    private static HikariDataSource pool(StoreSettings.Postgres settings, Properties props, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        settings.password().ifPresent(config::setPassword);
        config.setDataSourceProperties(props);
        config.setSchema(settings.schema());
        config.setMaximumPoolSize(size);
        // Most of the time the remediator is idle between observations: keep one connection, open more on demand.
        config.setMinimumIdle(1);
        long connectionMs = settings.connectionTimeout().toMillis();
        config.setConnectionTimeout(connectionMs);
        config.setValidationTimeout(Math.min(connectionMs, Duration.ofSeconds(5).toMillis()));
        // Fail the start (or the command) within the connection timeout when the server is unreachable, instead of later, mid-action.
        config.setInitializationFailTimeout(connectionMs);
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        return new HikariDataSource(config);
    }

    private void migrate() {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .schemas(settings.schema())
                    .createSchemas(true)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("state database {} schema {}: {} migration(s) applied, now at version {}", settings.displayUrl(), settings.schema(),
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new StateStoreException("cannot migrate the state database " + settings.displayUrl() + " schema " + settings.schema() + ": "
                    + rootMessage(e), e);
        }
    }

    static Properties connectionProperties(StoreSettings.Postgres settings, String instanceId) {
        Properties props = new Properties();
        long connectSeconds = Math.max(1, settings.connectionTimeout().toSeconds());
        props.setProperty("connectTimeout", Long.toString(connectSeconds));
        props.setProperty("loginTimeout", Long.toString(connectSeconds));
        props.setProperty("socketTimeout", Long.toString(Math.max(1, settings.socketTimeout().toSeconds())));
        props.setProperty("options", "-c statement_timeout=" + settings.statementTimeout().toMillis());
        // pg_stat_activity then shows which instance holds which connection (and which holds a roll lock).
        props.setProperty("ApplicationName", "kafka-remediator " + instanceId);
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }

    /** Host name and PID: unique among live processes, and says where to look. */
    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public String instanceId() {
        return instanceId;
    }

    public StoreSettings.Postgres settings() {
        return settings;
    }

    public String schema() {
        return settings.schema();
    }

    /** The URL as it may be printed (any password in it masked). */
    public String url() {
        return settings.displayUrl();
    }

    public DataSource pool() {
        return pool;
    }

    /**
     * A connection of its own, outside the pool, with the same settings; the caller closes it.
     * Closing it ends its session, and with it every session lock it held.
     */
    public Connection dedicatedConnection() throws SQLException {
        Properties props = new Properties();
        props.putAll(connectionProperties);
        props.setProperty("user", settings.user());
        settings.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("currentSchema", settings.schema());
        return DriverManager.getConnection(settings.url(), props);
    }

    @Override
    public void close() {
        pool.close();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? message : e.getMessage() + " (" + message + ")";
    }
}
