package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads {@code remediator.store}: the string {@code files} (the default), or an object with one key,
 * {@code postgres { url, user, password-env | password, ... }}. HOCON cannot write
 * {@code store = postgres { ... }} (a string and an object do not concatenate), so the choice of
 * PostgreSQL is the {@code postgres} object itself: {@code store.postgres { url = "jdbc:postgresql://..." }}.
 */
final class StoreConfig {
    static final String PREFIX = "remediator.store";
    private static final Set<String> STORE_KEYS = Set.of("postgres");
    private static final Set<String> POSTGRES_KEYS = Set.of("url", "user", "password", "password-env", "schema", "instance-id", "pool-size",
            "connection-timeout", "statement-timeout", "socket-timeout", "ha");
    private static final Set<String> HA_KEYS = Set.of("checkin-interval", "lease-ttl", "lease-margin");
    private static final String EXPECTED = "expected files, or postgres { url = \"jdbc:postgresql://host:5432/db\", user = ..., password-env = ... }";

    private StoreConfig() {
    }

    /** {@code env}: the process environment (a function, so tests need not set real variables). */
    static StoreSettings read(StrictConfig strict, Config root, String rootPrefix, UnaryOperator<String> env) {
        if (!root.hasPath("store")) {
            return StoreSettings.files();
        }
        ConfigValue value = root.getValue("store");
        if (value.valueType() == ConfigValueType.STRING) {
            String kind = String.valueOf(value.unwrapped());
            if (!kind.equals("files")) {
                strict.problem(value.origin(), PREFIX, EXPECTED + ", got \"" + kind + "\""
                        + (kind.equals("postgres") ? " (PostgreSQL needs its settings: store.postgres { url = ..., user = ... })" : ""));
            }
            return StoreSettings.files();
        }
        if (!(value instanceof ConfigObject object)) {
            strict.problem(value.origin(), PREFIX, EXPECTED + ", got " + StrictConfig.typeName(value));
            return StoreSettings.files();
        }
        Config store = object.toConfig();
        strict.onlyKnownKeys(store, PREFIX, STORE_KEYS);
        if (!store.hasPath("postgres")) {
            if (object.isEmpty()) {
                strict.problem(value.origin(), PREFIX, EXPECTED + ", got an empty object");
            }
            return StoreSettings.files();
        }
        return postgres(strict, strict.object(store, PREFIX, "postgres"), env);
    }

    private static StoreSettings postgres(StrictConfig strict, Config c, UnaryOperator<String> env) {
        String p = PREFIX + ".postgres";
        strict.onlyKnownKeys(c, p, POSTGRES_KEYS);
        String url = strict.string(c, p, "url", "");
        if (c.hasPath("url")) {
            checkUrl(strict, c, p, url);
        }
        String user = strict.string(c, p, "user", "");
        if (c.hasPath("user") && user.isBlank()) {
            strict.problem(c.getValue("user").origin(), p + ".user", "expected a database user name, got an empty string");
        }
        Optional<String> password = password(strict, c, p, env);
        String schema = c.hasPath("schema") ? strict.string(c, p, "schema", "remediator") : "remediator";
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            strict.problem(c.getValue("schema").origin(), p + ".schema", "expected a lower-case SQL name (letters, digits, '_'), got \"" + schema + "\"");
        }
        Optional<String> instanceId = strict.optionalString(c, p, "instance-id");
        if (instanceId.isPresent() && !instanceId.get().matches("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}")) {
            strict.problem(c.getValue("instance-id").origin(), p + ".instance-id",
                    "expected up to 100 letters, digits, '.', '_', ':', '@' and '-', got \"" + instanceId.get() + "\"");
        }
        int poolSize = c.hasPath("pool-size") ? strict.intInRange(c, p, "pool-size", 1, 64, 4) : 4;
        // HikariCP refuses a connection timeout under 250 ms.
        Duration connectionTimeout = strict.durationInRangeOr(c, p, "connection-timeout", Duration.ofMillis(250), Duration.ofMinutes(10),
                Duration.ofSeconds(10));
        Duration statementTimeout = strict.durationInRangeOr(c, p, "statement-timeout", Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(30));
        Duration socketTimeout = strict.durationInRangeOr(c, p, "socket-timeout", Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(60));
        if (c.hasPath("socket-timeout") && socketTimeout.compareTo(statementTimeout) <= 0) {
            // Otherwise the client gives up on a statement the server is still allowed to run, and the connection is lost with it.
            strict.problem(c.getValue("socket-timeout").origin(), p + ".socket-timeout", "expected more than statement-timeout ("
                    + StrictConfig.format(statementTimeout) + "), got " + StrictConfig.format(socketTimeout));
        }
        StoreSettings.Ha ha = c.hasPath("ha") ? ha(strict, strict.object(c, p, "ha"), p + ".ha") : StoreSettings.Ha.defaults();
        return new StoreSettings.Postgres(url, user, password, schema, instanceId, poolSize, connectionTimeout, statementTimeout, socketTimeout, ha);
    }

    private static StoreSettings.Ha ha(StrictConfig strict, Config c, String p) {
        strict.onlyKnownKeys(c, p, HA_KEYS);
        StoreSettings.Ha d = StoreSettings.Ha.defaults();
        // Quartz checks in with one statement per interval; under a second it would mostly measure the database.
        Duration checkin = strict.durationInRangeOr(c, p, "checkin-interval", Duration.ofSeconds(1), Duration.ofMinutes(10), d.checkinInterval());
        Duration ttl = strict.durationInRangeOr(c, p, "lease-ttl", Duration.ofSeconds(1), Duration.ofMinutes(10), d.leaseTtl());
        Duration margin = strict.durationInRangeOr(c, p, "lease-margin", Duration.ofMillis(500), Duration.ofMinutes(10), d.leaseMargin());
        if (ttl.compareTo(checkin) < 0) {
            // Quartz takes an instance for dead only once it missed a check-in (plus 7.5 s): a lease shorter than that lapses
            // while its holder is alive and well, and another instance may take the cluster from it between two check-ins.
            strict.problem((c.hasPath("lease-ttl") ? c.getValue("lease-ttl") : c.getValue("checkin-interval")).origin(), p + ".lease-ttl",
                    "the lease must outlive a check-in: lease-ttl (" + StrictConfig.format(ttl) + ") must be at least checkin-interval ("
                            + StrictConfig.format(checkin) + ")");
        }
        return new StoreSettings.Ha(checkin, ttl, margin);
    }

    private static void checkUrl(StrictConfig strict, Config c, String p, String url) {
        ConfigValue where = c.getValue("url");
        // A secret first: the URL is printed in logs and errors, and a password inside it would be too (it is not repeated here).
        java.util.Optional<String> secret = JdbcUrls.secretIn(url);
        if (secret.isPresent()) {
            strict.problem(where.origin(), p + ".url", secret.get() + "; give it through password-env (an environment variable) instead");
        } else if (!url.startsWith("jdbc:postgresql:")) {
            strict.problem(where.origin(), p + ".url", "expected a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database)");
        } else if (org.postgresql.Driver.parseURL(url, new Properties()) == null) {
            strict.problem(where.origin(), p + ".url", "not a URL the PostgreSQL driver can parse (jdbc:postgresql://host:5432/database)");
        }
    }

    private static Optional<String> password(StrictConfig strict, Config c, String p, UnaryOperator<String> env) {
        if (c.hasPath("password") && c.hasPath("password-env")) {
            strict.problem(c.getValue("password-env").origin(), p, "expected only one of password and password-env, got both");
            return Optional.empty();
        }
        if (c.hasPath("password")) {
            // Normally ${?VAR}: resolved from the environment by HOCON. An unset ${?VAR} leaves no key at all: no password.
            return strict.optionalString(c, p, "password");
        }
        if (!c.hasPath("password-env")) {
            return Optional.empty();
        }
        String name = strict.string(c, p, "password-env", "");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            strict.problem(c.getValue("password-env").origin(), p + ".password-env", "expected the name of an environment variable, got \"" + name + "\"");
            return Optional.empty();
        }
        String secret = env.apply(name);
        if (secret == null || secret.isEmpty()) {
            strict.problem(c.getValue("password-env").origin(), p + ".password-env", "the environment variable " + name + " is not set");
            return Optional.empty();
        }
        return Optional.of(secret);
    }
}
