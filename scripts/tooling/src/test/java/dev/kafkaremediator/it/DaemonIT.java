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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * remediator run as a separate process: it observes on schedule, evaluates its policies, serves
 * /metrics and /health, keeps the last good policies on a bad edit, and stops cleanly on SIGTERM.
 */
@ExtendWith(LocalClusterExtension.class)
class DaemonIT {
    private static final String POLICY = ItPolicies.ANY_PRODUCER;

    @TempDir
    Path dir;

    private static String read(Path log) throws Exception {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void observesEvaluatesServesMetricsKeepsGoodPoliciesAndStopsOnSigterm(RunningCluster cluster) throws Exception {
        // Some producer state on every broker, whatever ran before.
        new dev.kafkaremediator.incident.IncidentRun(new dev.kafkaremediator.incident.IncidentRun.Settings(cluster.bootstrapServers(),
                "it-daemon", 1, (short) 3, -1, 3, 0, null, 1, false), line -> { }).run();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("it.conf"), POLICY, StandardCharsets.UTF_8);
        Path config = RemediatorConfigs.write(cluster, dir, "policy-dir = \"" + policies + "\"\n  observe-interval = 2s\n  http { enabled = true, port = 0 }");
        Path log = dir.resolve("daemon.log");
        Process daemon = Scripts.startDaemon(config, log);
        try {
            String address = Scripts.httpAddress(log);
            HttpClient http = HttpClient.newHttpClient();

            // Awaited whole, not read from the first body that has broker 3: a broker just restarted by an earlier
            // test may answer JMX only from a later snapshot on (each scrape shows one snapshot whole: ObservedMetrics).
            String metrics = await().atMost(Duration.ofSeconds(60)).until(() -> get(http, address, "/metrics").body(),
                    body -> cluster.brokerIds().stream().allMatch(id -> body.contains("kafka_remediator_broker_heap_used_bytes{broker=\"" + id + "\",cluster=\"it\"}")
                            && body.contains("kafka_remediator_broker_producer_ids{broker=\"" + id + "\",cluster=\"it\"}")));
            assertThat(metrics).contains("kafka_remediator_cluster_reachable{cluster=\"it\"} 1.0");
            // Awaited too: /health counts a cluster as answering from its last snapshot's start, and a first
            // snapshot that takes longer than three observe intervals (seen: 6.9 s on a loaded machine) reads 503 until the next.
            HttpResponse<String> health = await().atMost(Duration.ofSeconds(30)).until(() -> get(http, address, "/health"), r -> r.statusCode() == 200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"it\"");

            // The policy finds producer state on every broker: one finding each, opened once, then ongoing.
            await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("finding ongoing on broker 1"));
            assertThat(read(log).split("finding opened on broker 1", -1)).as("opened once, not every evaluation").hasSize(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(http, address, "/metrics").body()
                    .contains("kafka_remediator_open_findings{cluster=\"it\",policy=\"it-any-producer\",severity=\"warning\"} 3.0"));

            // A bad edit is reported and the last good set stays in force.
            Files.writeString(policies.resolve("it.conf"), POLICY.replace("above = 0", "abov = 0"), StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("policies NOT reloaded"));
            assertThat(read(log)).contains("unknown key; did you mean 'above'?", "the previous 1 policies stay in force");
            int ongoing = read(log).split("finding ongoing on broker 2", -1).length;
            await().atMost(Duration.ofSeconds(30)).until(() -> read(log).split("finding ongoing on broker 2", -1).length > ongoing);
        } catch (Throwable t) {
            System.out.println("daemon log:\n" + Files.readString(log));
            throw t;
        } finally {
            daemon.destroy(); // SIGTERM: the launcher execs java, so this is the daemon's own process
            boolean exited = daemon.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                daemon.destroyForcibly();
            }
            assertThat(exited).as("daemon exits within 30 s of SIGTERM").isTrue();
        }
        assertEquals(0, daemon.exitValue(), read(log));
        assertThat(read(log)).contains("SIGTERM received, stopping", "stopped");
    }

    /**
     * One cluster whose bootstrap host does not resolve, one that accepts connections and never
     * answers, and the real one: the daemon starts, watches the real one, reports the others as
     * unreachable (/metrics, and /health 503 after three intervals), answers 405 to a write, and a
     * SIGTERM ends it within 10 s although the silent cluster's observation is waiting on 30 s timeouts.
     */
    @Test
    void watchesTheReachableClusterWhileOthersDoNotResolveOrAnswerAndStopsPromptly(RunningCluster cluster) throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted and never answered
                    }
                } catch (java.io.IOException closed) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (java.io.IOException ignored) {
                            // closing anyway
                        }
                    });
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
            Path policies = Files.createDirectories(dir.resolve("policies"));
            Files.writeString(policies.resolve("it.conf"), POLICY.replace("clusters = [\"it\"]", "clusters = [\"it\", \"gone\", \"silent\"]"), StandardCharsets.UTF_8);
            Path config = RemediatorConfigs.write(cluster, dir, "policy-dir = \"" + policies + "\"\n  observe-interval = 2s\n  http { enabled = true, port = 0 }\n"
                    + "  clusters.gone { bootstrap-servers = \"no-such-host.invalid:9092\" }\n"
                    + "  clusters.silent { bootstrap-servers = \"127.0.0.1:" + silent.getLocalPort() + "\", timeouts { admin = 30s, census = 30s } }");
            Path log = dir.resolve("daemon.log");
            Process daemon = Scripts.startDaemon(config, log);
            long signalled = 0;
            try {
                String address = Scripts.httpAddress(log);
                HttpClient http = HttpClient.newHttpClient();
                String metrics = await().atMost(Duration.ofSeconds(30)).until(() -> get(http, address, "/metrics").body(),
                        body -> body.contains("kafka_remediator_cluster_reachable{cluster=\"it\"} 1.0")
                                && body.contains("kafka_remediator_cluster_reachable{cluster=\"gone\"} 0.0"));
                assertThat(metrics).contains("kafka_remediator_broker_producer_ids{broker=\"1\",cluster=\"it\"}");
                await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("finding opened on broker 1"));

                HttpResponse<String> health = await().atMost(Duration.ofSeconds(30)).until(() -> get(http, address, "/health"),
                        r -> r.statusCode() == 503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"gone\":{\"lastSnapshot\"", "\"lastReachable\":null");
                HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/health")).DELETE()
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, delete.statusCode());
                assertThat(read(log)).as("no stack trace").doesNotContain("\tat ");

                // A second daemon on the same state directory refuses to start and names the one that holds it.
                Path secondLog = dir.resolve("second.log");
                Process second = Scripts.startDaemon(config, secondLog);
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertEquals(2, second.exitValue(), read(secondLog));
                assertThat(read(secondLog)).contains("in use by another remediator (pid " + daemon.pid());
            } catch (Throwable t) {
                System.out.println("daemon log:\n" + read(log));
                throw t;
            } finally {
                signalled = System.nanoTime();
                daemon.destroy();
                boolean exited = daemon.waitFor(30, TimeUnit.SECONDS);
                if (!exited) {
                    daemon.destroyForcibly();
                }
                assertThat(exited).as("daemon exits after SIGTERM").isTrue();
            }
            assertEquals(0, daemon.exitValue(), read(log));
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("SIGTERM to exit, no action running").isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void refusesToStartOnAnInvalidPolicySet(RunningCluster cluster) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("bad-policies"));
        Path bad = policies.resolve("bad.conf");
        Files.writeString(bad, POLICY.replace("severity = warning", "severity = loud"), StandardCharsets.UTF_8);
        Path config = RemediatorConfigs.write(cluster, dir, "policy-dir = \"" + policies + "\"");
        Path log = dir.resolve("refused.log");

        Process daemon = Scripts.startDaemon(config, log);

        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertEquals(2, daemon.exitValue());
        assertThat(read(log)).contains(bad + ":5: policies.it-any-producer.severity: expected info, warning or critical");
    }

    /** The daemon says where it serves /metrics once it has started. */
    private static HttpResponse<String> get(HttpClient http, String address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
