package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboard and alert rules (systemd/monitoring/) against a live daemon's /metrics: every
 * remediator metric they name is served, once the daemon has observed twice (the producer creation
 * rate), opened a finding and run an action (a notification to a local webhook).
 */
@ExtendWith(LocalClusterExtension.class)
class MonitoringMetricsIT {
    private static final Pattern HTTP = Pattern.compile("/metrics on (127\\.0\\.0\\.1:\\d+)");
    private static final Pattern OUR_METRIC = Pattern.compile("\\bkafka_remediator_[a-z0-9_]+\\b");
    private static final String POLICY = ItPolicies.ANY_PRODUCER;

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardAndRulesNameIsServedByALiveDaemon(RunningCluster cluster) throws Exception {
        new dev.kafkaremediator.incident.IncidentRun(new dev.kafkaremediator.incident.IncidentRun.Settings(cluster.bootstrapServers(),
                "it-monitoring", 1, (short) 3, -1, 3, 0, null, 1, false), line -> { }).run();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("it.conf"), POLICY, StandardCharsets.UTF_8);
        Path config = RemediatorConfigs.write(cluster, dir, "policy-dir = \"" + policies + "\"\n  observe-interval = 2s\n  http { enabled = true, port = 0 }\n"
                + "  notifiers.hook { type = webhook, url = \"http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\" }");
        // Heap after GC is served only once a collection of the old generation ran (unknown, never stale, otherwise):
        // a quiet test cluster may have run none yet.
        for (int id : cluster.brokerIds()) {
            Jmx.fullGc(cluster.jmxAddress(id));
        }
        Path log = dir.resolve("daemon.log");
        Process daemon = Scripts.startDaemon(config, log);
        try {
            String address = await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = HTTP.matcher(Files.readString(log, StandardCharsets.UTF_8));
                return m.find() ? m.group(1) : null;
            }, a -> a != null);
            HttpClient http = HttpClient.newHttpClient();
            Set<String> named = named();
            // Counts failures of observation sources: a healthy run has none, so it has no sample to serve.
            named.remove("kafka_remediator_source_failures_total");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                Set<String> served = served(http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(served).as("named by the dashboard and rules, not served").containsAll(named);
            });
        } catch (Throwable t) {
            System.out.println("daemon log:\n" + Files.readString(log));
            throw t;
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            hook.stop(0);
        }
    }

    /** The remediator metrics the dashboard's queries and the rules' expressions name. */
    private static Set<String> named() throws Exception {
        Path monitoring = RunningCluster.projectHome().resolve("systemd/monitoring");
        List<String> texts = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(monitoring.resolve("kafka-remediator.grafana.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> texts.add(t.path("expr").asText())));
        // Every word of the rules file: stricter than reading only the expressions.
        texts.add(Files.readString(monitoring.resolve("kafka-remediator.rules.yml"), StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>();
        for (String text : texts) {
            Matcher m = OUR_METRIC.matcher(text);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** Metric names with at least one sample in a Prometheus text exposition. */
    private static Set<String> served(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#")) {
                Matcher m = OUR_METRIC.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
