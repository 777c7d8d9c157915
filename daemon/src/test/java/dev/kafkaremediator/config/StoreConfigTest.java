package dev.kafkaremediator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code remediator.store}: files by default, PostgreSQL when its object is given, every mistake with file, line and key. */
class StoreConfigTest {
    private static final UnaryOperator<String> ENV = Map.of("REMEDIATOR_PG_PASSWORD", "pg-s3cret")::get;

    @TempDir
    Path dir;

    private RemediatorConfig load(String store) throws Exception {
        Path file = dir.resolve("remediator.conf");
        Files.writeString(file, "remediator {\n" + store + "\n}\n", StandardCharsets.UTF_8);
        return ConfigLoader.load(file, ENV);
    }

    private List<String> problems(String store) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(store));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void filesAreTheDefaultAndCanBeNamed() throws Exception {
        assertThat(load("").store()).isEqualTo(StoreSettings.files());
        assertThat(load("store = files").store()).isEqualTo(StoreSettings.files());
    }

    @Test
    void postgresWithItsPasswordFromTheEnvironmentAndDefaultsForTheRest() throws Exception {
        StoreSettings store = load("""
                store.postgres {
                  url = "jdbc:postgresql://db.example.com:5432/remediator"
                  user = remediator
                  password-env = REMEDIATOR_PG_PASSWORD
                }""").store();

        assertThat(store).isEqualTo(new StoreSettings.Postgres("jdbc:postgresql://db.example.com:5432/remediator", "remediator", Optional.of("pg-s3cret"),
                "remediator", Optional.empty(), 4, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertThat(store.toString()).doesNotContain("pg-s3cret").contains("password=(set)");
    }

    @Test
    void everySettingCanBeGivenAndAnUnsetSubstitutionMeansNoPassword() throws Exception {
        StoreSettings.Postgres store = (StoreSettings.Postgres) load("""
                store { postgres {
                  url = "jdbc:postgresql://127.0.0.1:15432/postgres"
                  user = postgres
                  password = ${?REMEDIATOR_TEST_SURELY_UNSET_VARIABLE}
                  schema = ops_state
                  instance-id = "ops-1"
                  pool-size = 8
                  connection-timeout = 2s
                  statement-timeout = 5s
                  socket-timeout = 20s
                } }""").store();

        assertThat(store.password()).isEmpty();
        assertThat(store.schema()).isEqualTo("ops_state");
        assertThat(store.instanceId()).contains("ops-1");
        assertThat(store.poolSize()).isEqualTo(8);
        assertThat(List.of(store.connectionTimeout(), store.statementTimeout(), store.socketTimeout()))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    @Test
    void haSettingsDefaultAndCanBeGivenWithinLimits() throws Exception {
        String base = "store.postgres { url = \"jdbc:postgresql://127.0.0.1:15432/postgres\", user = postgres";
        StoreSettings.Postgres defaults = (StoreSettings.Postgres) load(base + " }").store();
        assertThat(defaults.ha()).isEqualTo(new StoreSettings.Ha(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5)));

        StoreSettings.Postgres given = (StoreSettings.Postgres) load(base + ", ha { checkin-interval = 5s, lease-ttl = 6s, lease-margin = 2s } }").store();
        assertThat(given.ha()).isEqualTo(new StoreSettings.Ha(Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(2)));

        assertThat(String.join("\n", problems(base + ", ha { checkin-interval = 100ms, lease-tll = 6s } }")))
                .contains("remediator.store.postgres.ha.checkin-interval", "remediator.store.postgres.ha.lease-tll");
        assertThat(String.join("\n", problems(base + ", ha { checkin-interval = 10m, lease-ttl = 1s } }")))
                .contains("remediator.store.postgres.ha.lease-ttl: the lease must outlive a check-in: lease-ttl (1s) must be at least checkin-interval (10m)");
        assertThat(String.join("\n", problems(base + ", ha { checkin-interval = 20s } }"))).as("the default lease (10s) is shorter too")
                .contains("lease-ttl (10s) must be at least checkin-interval (20s)");
        assertThat(String.join("\n", problems(base + ", pool-size = 1.5 }")))
                .contains("remediator.store.postgres.pool-size: expected a whole number from 1 to 64, got 1.5");
    }

    @Test
    void mistakesAreReportedWithFileLineAndKeyAndNeverEchoThePassword() {
        List<String> problems = problems("""
                store.postgres {
                  url = "jdbc:mysql://db:3306/x"
                  usr = remediator
                  password-env = NOT_SET_HERE
                  schema = "Ops-State"
                  pool-size = 0
                  statement-timeout = 30s
                  socket-timeout = 10s
                }""");

        assertThat(problems).hasSize(7);
        assertThat(String.join("\n", problems))
                .contains("remediator.conf:3: remediator.store.postgres.url: expected a PostgreSQL JDBC URL")
                .contains("remediator.conf:4: remediator.store.postgres.usr: unknown key; did you mean 'user'?")
                .contains("remediator.store.postgres.user: missing; expected a string")
                .contains("remediator.conf:5: remediator.store.postgres.password-env: the environment variable NOT_SET_HERE is not set")
                .contains("remediator.conf:6: remediator.store.postgres.schema: expected a lower-case SQL name")
                .contains("remediator.conf:7: remediator.store.postgres.pool-size: expected a whole number from 1 to 64, got 0")
                .contains("remediator.conf:9: remediator.store.postgres.socket-timeout: expected more than statement-timeout (30s), got 10s");
    }

    @Test
    void aPasswordInTheUrlOrTwiceOverIsRefused() {
        assertThat(problems("""
                store.postgres { url = "jdbc:postgresql://db/x?password=hunter2", user = u }""")).singleElement().asString()
                .contains("holds a password (the parameter password); give it through password-env").doesNotContain("hunter2");
        // #22 point 9: the other ways to write it.
        assertThat(problems("""
                store.postgres { url = "jdbc:postgresql://remediator:Hunter2Secret@127.0.0.1/x", user = u }""")).singleElement().asString()
                .contains("holds a password (user:password@host); give it through password-env").doesNotContain("Hunter2Secret");
        assertThat(problems("""
                store.postgres { url = "jdbc:postgresql://db/x?pass%77ord=hunter2", user = u }""")).singleElement().asString()
                .contains("holds a password (the parameter password)").doesNotContain("hunter2");
        assertThat(problems("""
                store.postgres { url = "jdbc:postgresql://db/x", user = u, password = "a", password-env = REMEDIATOR_PG_PASSWORD }"""))
                .singleElement().asString().contains("expected only one of password and password-env, got both");
    }

    @Test
    void aStoreThatIsNeitherFilesNorPostgresIsRefused() {
        assertThat(problems("store = postgres")).singleElement().asString()
                .contains("remediator.store: expected files, or postgres { url = ").contains("PostgreSQL needs its settings");
        assertThat(problems("store { postgress { url = \"jdbc:postgresql://db/x\" } }")).first().asString()
                .contains("remediator.store.postgress: unknown key; did you mean 'postgres'?");
        assertThat(problems("store = 3")).singleElement().asString().contains("got a number (3)");
    }
}
