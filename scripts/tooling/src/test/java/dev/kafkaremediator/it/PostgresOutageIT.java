package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaremediator.localpg.LocalPostgres;
import dev.kafkaremediator.localpg.LocalPostgresState;
import dev.kafkaremediator.time.BoundedWait;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #22 point 10: a real PostgreSQL stopped under a daemon that keeps its state there, then started
 * again. /health answers within a second throughout (503 once the database is gone, from what the
 * background probe last saw, not after the pool's 10 s connection timeout), /metrics is not held up,
 * and the log says once that the database went away and once that it is back, without stack traces.
 * Its own server, so the shared one of the other tests stays up, stopped and started by
 * {@code scripts/local-postgres.sh} (by PID): the embedded server's library holds a lock on its data
 * directory for the life of the JVM that started it, so one JVM cannot start it twice.
 */
class PostgresOutageIT {
    @TempDir
    Path dir;

    private static String read(Path log) throws Exception {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private Path pgDir() {
        return Path.of(System.getProperty("it.postgres.dir", "target/it-postgres")).resolveSibling("it-postgres-outage").toAbsolutePath();
    }

    private void pg(String... args) throws Exception {
        String[] full = new String[args.length + 2];
        full[0] = "--dir";
        full[1] = pgDir().toString();
        System.arraycopy(args, 0, full, 2, args.length);
        Scripts.Result result = Scripts.run(Duration.ofMinutes(3), "local-postgres.sh", full);
        System.out.println("[it-postgres-outage] " + String.join(" ", args) + ": " + result.output().strip());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void healthAnswersAtOnceThroughAnOutageAndTheLogSaysItOnceEachWay() throws Exception {
        LocalPostgres postgres = new LocalPostgres(pgDir(), Duration.ofMinutes(2), Duration.ofSeconds(30), BoundedWait.system(), line -> { });
        Path log = dir.resolve("daemon.log");
        Process daemon = null;
        try {
            pg("stop");
            pg("start", "--port", "0");
            LocalPostgresState server = postgres.state().orElseThrow();
            Path config = DaemonHttp.config(dir, """
                    store.postgres { url = "%s", user = "%s", schema = outage, instance-id = "it-outage" }
                    """.formatted(server.jdbcUrl(), server.user()));
            daemon = Scripts.startDaemon(config, log);
            String address = Scripts.httpAddress(log);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).until(() -> DaemonHttp.get(http, address, "/health", Duration.ofSeconds(5))
                    .map(r -> !r.body().contains("state database")).orElse(false));

            pg("stop");
            // Within a second of each request, throughout: first from the reading that hangs, then from the one that failed.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Optional<HttpResponse<String>> health = DaemonHttp.get(http, address, "/health", Duration.ofSeconds(1));
                assertThat(health).as("/health within 1 s").isPresent();
                return health.get().statusCode() == 503 && health.get().body().contains("state database");
            });
            await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                    DaemonHttp.get(http, address, "/health", Duration.ofSeconds(1)).map(r -> r.statusCode() == 503).orElse(false)
                            && DaemonHttp.get(http, address, "/metrics", Duration.ofSeconds(1)).map(r -> r.statusCode() == 200).orElse(false));

            pg("start", "--port", String.valueOf(server.port()));
            await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("the state database answers again"));
            await().atMost(Duration.ofSeconds(30)).until(() -> DaemonHttp.get(http, address, "/health", Duration.ofSeconds(1))
                    .map(r -> !r.body().contains("state database")).orElse(false));

            String text = read(log);
            assertThat(text.split("the state database does not answer", -1)).as("one line when it went away").hasSize(2);
            assertThat(text.split("the state database answers again", -1)).as("one line when it came back").hasSize(2);
            assertThat(text).as("no stack traces").doesNotContain("\tat ").doesNotContain("Caused by:");
        } catch (Throwable t) {
            System.out.println("daemon log:\n" + (Files.exists(log) ? read(log) : ""));
            throw t;
        } finally {
            if (daemon != null) {
                DaemonHttp.stop(daemon);
            }
            pg("stop");
        }
    }
}
