package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Alertmanager (Debian's prometheus-alertmanager, started here with resolve_timeout
 * 10s): an open finding's alert stays active for several resolve timeouts because the daemon
 * re-sends it every 2s, and it resolves within one interval of the finding resolving.
 */
@ExtendWith(LocalClusterExtension.class)
class AlertmanagerIT {
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESEND = Duration.ofSeconds(2);
    private static final String POLICY = """
            policies.it-alertmanager {
              description = "any producer state at all"
              schedule.every = 2s
              clusters = ["it"]
              severity = warning
              when.threshold { series = broker.producer-ids, above = %s }
              actions = [ { notify {} } ]
            }
            """;

    @TempDir
    Path dir;

    @Test
    void anOpenFindingStaysFiringAndResolvesWithTheFinding(RunningCluster cluster) throws Exception {
        Path binary = alertmanagerBinary();
        // At least one producer's state on the brokers, whatever ran before: the policy's finding opens at the first evaluation.
        new dev.kafkaremediator.incident.IncidentRun(new dev.kafkaremediator.incident.IncidentRun.Settings(cluster.bootstrapServers(),
                "it-alertmanager", 1, (short) 3, -1, 3, 0, null, 1, false), line -> { }).run();
        int port = freePort();
        Path amDir = Files.createDirectories(dir.resolve("alertmanager"));
        Files.writeString(amDir.resolve("alertmanager.yml"), """
                global:
                  resolve_timeout: %ds
                route:
                  receiver: nobody
                receivers:
                  - name: nobody
                """.formatted(RESOLVE_TIMEOUT.toSeconds()), StandardCharsets.UTF_8);
        Path amLog = amDir.resolve("alertmanager.log");
        Process alertmanager = new ProcessBuilder(binary.toString(), "--config.file=" + amDir.resolve("alertmanager.yml"),
                "--storage.path=" + Files.createDirectories(amDir.resolve("data")), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(amLog.toFile()).start();
        Process daemon = null;
        Path log = dir.resolve("daemon.log");
        try {
            URI alerts = URI.create("http://127.0.0.1:" + port + "/api/v2/alerts");
            HttpClient http = HttpClient.newHttpClient();
            await("Alertmanager answering").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(alerts).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            Path policies = Files.createDirectories(dir.resolve("policies"));
            Files.writeString(policies.resolve("it.conf"), POLICY.formatted("0"), StandardCharsets.UTF_8);
            Path config = RemediatorConfigs.write(cluster, dir, "policy-dir = \"" + policies + "\"\n  observe-interval = 2s\n"
                    + "  http { enabled = true, port = 0 }\n"
                    + "  notifiers.am { type = alertmanager, url = \"http://127.0.0.1:" + port + "\", resend-interval = " + RESEND.toSeconds() + "s }");
            daemon = Scripts.startDaemon(config, log);

            JsonNode first = await("the finding's alert active in Alertmanager").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ours(http, alerts), Optional::isPresent).orElseThrow();
            assertThat(first.path("status").path("state").asText()).isEqualTo("active");
            assertThat(first.path("labels").path("policy").asText()).isEqualTo("it-alertmanager");
            assertThat(first.path("labels").path("cluster").asText()).isEqualTo("it");
            assertThat(first.path("generatorURL").asText()).matches("http://127\\.0\\.0\\.1:\\d+/health");
            String startsAt = first.path("startsAt").asText();

            // Three and a half resolve timeouts: without re-sends Alertmanager would have resolved it after the first.
            Duration holdFor = RESOLVE_TIMEOUT.multipliedBy(7).dividedBy(2);
            await("the alert active all along").during(holdFor).atMost(holdFor.plusSeconds(10)).pollInterval(RESEND).untilAsserted(() -> {
                JsonNode alert = ours(http, alerts).orElse(null);
                assertThat(alert).as("the alert of the open finding, %s after it opened", startsAt).isNotNull();
                assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
                assertThat(Instant.parse(alert.path("endsAt").asText())).as("endsAt a few intervals ahead").isAfter(Instant.now());
                assertThat(alert.path("startsAt").asText()).as("startsAt: when the finding opened, on every re-send").isEqualTo(startsAt);
            });
            assertThat(Files.readString(log)).doesNotContain("finding resolved");

            // The threshold can no longer be met: the daemon reloads the policy and its next evaluation resolves the finding.
            Files.writeString(policies.resolve("it.conf"), POLICY.formatted("1000000000"), StandardCharsets.UTF_8);
            await("the finding resolved").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(log).contains("finding resolved"));
            Instant resolved = Instant.now();
            await("the alert resolved within one interval").atMost(RESEND).pollInterval(Duration.ofMillis(100))
                    .until(() -> ours(http, alerts).isEmpty());
            System.out.println("AlertmanagerIT: alert resolved " + Duration.between(resolved, Instant.now()).toMillis()
                    + " ms after the daemon logged the finding resolved");
        } catch (Throwable t) {
            System.out.println("daemon log:\n" + (Files.exists(log) ? Files.readString(log) : "(none)"));
            System.out.println("alertmanager log:\n" + Files.readString(amLog));
            throw t;
        } finally {
            if (daemon != null) {
                daemon.destroy();
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The finding's alert if Alertmanager holds it as not yet ended (GET /api/v2/alerts lists active ones; an ended one is left off or past its endsAt). */
    private static Optional<JsonNode> ours(HttpClient http, URI alerts) throws Exception {
        JsonNode all = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(alerts).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode alert : all) {
            if (alert.path("labels").path("alertname").asText().equals("it-alertmanager")
                    && Instant.parse(alert.path("endsAt").asText()).isAfter(Instant.now())) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private static Path alertmanagerBinary() {
        for (String name : List.of("prometheus-alertmanager", "alertmanager")) {
            Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(d -> Path.of(d, name))
                    .filter(Files::isExecutable).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        return fail("prometheus-alertmanager is not on PATH, so alerts cannot be checked against a real Alertmanager. The build fetches it "
                + "before the tests (scripts/test-tools.sh, into target/test-tools/bin); where it cannot, run `sudo apt-get install -y "
                + "--no-install-recommends prometheus-alertmanager`");
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
