package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** remediator run as a separate process: it observes on schedule, serves /metrics and /health, and stops cleanly on SIGTERM. */
@ExtendWith(LocalClusterExtension.class)
class DaemonIT {
    private static final Pattern HTTP = Pattern.compile("/metrics on (127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void servesObservedSeriesAndStopsOnSigtermWithExitZero(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "observe-interval = 2s\n  http { enabled = true, port = 0 }");
        Path log = dir.resolve("daemon.log");
        List<String> command = new ArrayList<>(List.of(RunningCluster.projectHome().resolve("scripts/remediator").toString(),
                "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        String jar = System.getProperty("remediator.jar");
        if (jar != null) {
            builder.environment().put("REMEDIATOR_JAR", jar);
        }
        Process daemon = builder.start();
        try {
            String address = await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = HTTP.matcher(Files.readString(log, StandardCharsets.UTF_8));
                return m.find() ? m.group(1) : null;
            }, a -> a != null);
            HttpClient http = HttpClient.newHttpClient();

            String metrics = await().atMost(Duration.ofSeconds(30)).until(() -> get(http, address, "/metrics").body(),
                    body -> body.contains("kafka_remediator_broker_producer_ids{broker=\"3\",cluster=\"it\"}"));
            for (int id : cluster.brokerIds()) {
                assertThat(metrics).contains("kafka_remediator_broker_heap_used_bytes{broker=\"" + id + "\",cluster=\"it\"}");
            }
            assertThat(metrics).contains("kafka_remediator_cluster_reachable{cluster=\"it\"} 1.0");
            HttpResponse<String> health = get(http, address, "/health");
            assertEquals(200, health.statusCode());
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"it\"");
            // A second scheduled observation happened, and the history kept both.
            await().atMost(Duration.ofSeconds(30)).until(() -> get(http, address, "/metrics").body()
                    .matches("(?s).*kafka_remediator_snapshots_total\\{cluster=\"it\"\\} [2-9].*"));
            assertThat(Files.list(dir.resolve("state/history/it")).toList()).hasSize(1);
        } finally {
            daemon.destroy(); // SIGTERM: the launcher execs java, so this is the daemon's own process
            boolean exited = daemon.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                daemon.destroyForcibly();
            }
            assertThat(exited).as("daemon exits within 30 s of SIGTERM").isTrue();
        }
        assertEquals(0, daemon.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("SIGTERM received, stopping", "stopped");
    }

    private static HttpResponse<String> get(HttpClient http, String address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
