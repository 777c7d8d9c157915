package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.incident.IncidentRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The daemon acting on a finding: it notifies a real webhook receiver, survives a dead one, and climbs to the next action. */
@ExtendWith(LocalClusterExtension.class)
class DaemonActsIT {
    private static final String POLICY = """
            policies.it-acting {
              description = "producer state on a broker"
              schedule.every = 2s
              clusters = ["it"]
              severity = critical
              when.threshold { series = broker.producer-ids, above = 0 }
              actions = [
                { notify { message = "test message" } }
                { class-histogram { top = 5 } }
              ]
            }
            """;

    @TempDir
    Path dir;

    private List<AuditEvent> audit() throws Exception {
        return FileAuditLog.in(dir.resolve("state")).read(Instant.EPOCH).events();
    }

    private static void stop(Process daemon) throws Exception {
        daemon.destroy();
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
    }

    @Test
    void notifiesAWebhookSurvivesADeadOneAndRunsTheNextAction(RunningCluster cluster) throws Exception {
        new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-daemon-acts", 1, (short) 3, -1, 3, 0, null, 1, false), l -> { }).run();
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("acting.conf"), POLICY, StandardCharsets.UTF_8);
        Path config = RemediatorConfigs.write(cluster, dir, """
                policy-dir = "%s"
                  dry-run = false
                  observe-interval = 2s
                  notifiers {
                    live { type = webhook, url = "http://127.0.0.1:%d/hook" }
                    dead { type = slack, url = "http://127.0.0.1:%d/nobody", retries = 1, timeout = 2s }
                  }""".formatted(policies, receiver.getAddress().getPort(), deadPort));
        Process daemon = Scripts.startDaemon(config, dir.resolve("daemon.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> received.stream().anyMatch(b -> b.contains("\"policy\":\"it-acting\"")));
            assertThat(received.get(0)).contains("\"severity\":\"critical\"", "test message", "broker.producer-ids of broker");

            await().atMost(Duration.ofSeconds(60)).until(() -> audit().stream().anyMatch(e -> e.event().equals("notify-failed")));
            await().atMost(Duration.ofSeconds(60)).until(() -> audit().stream()
                    .anyMatch(e -> e.event().equals("effect") && String.valueOf(e.details().get("summary")).contains("live heap is producer state")));
            List<AuditEvent> events = audit();
            assertThat(events).anySatisfy(e -> {
                assertEquals("notify-delivered", e.event());
                assertEquals("live", e.details().get("notifier"));
            });
            assertThat(events).filteredOn(e -> e.event().equals("notify-failed"))
                    .allSatisfy(e -> assertThat(e.details().get("notifier")).isEqualTo("dead"));
            assertThat(events).anySatisfy(e -> assertThat(e.event()).isEqualTo("opened"));
            // One class histogram per finding: the ladder does not repeat a step.
            long histograms = events.stream().filter(e -> e.event().equals("plan") && "class-histogram".equals(e.details().get("action"))).count();
            assertThat(histograms).isLessThanOrEqualTo(cluster.brokerIds().size());
        } finally {
            stop(daemon);
            receiver.stop(0);
        }
        assertEquals(0, daemon.exitValue(), Files.readString(dir.resolve("daemon.log")));
    }

    @Test
    void inDryRunTheDaemonAuditsThePlanAndChangesNothing(RunningCluster cluster) throws Exception {
        new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-daemon-dry", 1, (short) 3, -1, 3, 0, null, 1, false), l -> { }).run();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("acting.conf"), POLICY.replace("{ class-histogram { top = 5 } }",
                "{ heap-dump { live = true } }"), StandardCharsets.UTF_8);
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        Path config = RemediatorConfigs.write(cluster, dir, "policy-dir = \"" + policies + "\"\n  observe-interval = 2s\n  clusters.it.heap-dump-dir = \""
                + dumps + "\"");
        Process daemon = Scripts.startDaemon(config, dir.resolve("daemon.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> audit().stream().anyMatch(e -> e.event().equals("dry-run")));
            assertThat(audit()).filteredOn(e -> e.event().equals("plan") && "heap-dump".equals(e.details().get("action")))
                    .allSatisfy(e -> assertThat(e.dryRun()).isTrue());
            assertThat(audit()).noneMatch(e -> e.event().equals("start"));
            assertThat(Files.list(dumps).toList()).as("no heap dump written in dry-run").isEmpty();
        } finally {
            stop(daemon);
        }
        // What `plan` prints is what the daemon planned and ran: the same steps with the same parameters.
        ObjectMapper json = new ObjectMapper();
        AuditEvent opened = audit().stream().filter(e -> e.event().equals("opened")).findFirst().orElseThrow();
        String key = (String) opened.details().get("finding");
        StringWriter out = new StringWriter();
        RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "plan", "-c", config.toString(), "--json");
        JsonNode finding = null;
        for (JsonNode f : json.readTree(out.toString())) {
            if (f.get("key").asText().equals(key)) {
                finding = f;
            }
        }
        assertThat(finding).as("plan --json has the daemon's finding " + key + ": " + out).isNotNull();
        JsonNode audited = json.valueToTree(opened.details().get("steps"));
        assertEquals(finding.get("plan").size(), audited.size());
        for (int i = 0; i < audited.size(); i++) {
            assertEquals(finding.get("plan").get(i).get("action"), audited.get(i).get("action"));
            if (!audited.get(i).get("action").asText().equals("notify")) { // a notification's evidence is what each observation saw
                assertEquals(finding.get("plan").get(i).get("parameters"), audited.get(i).get("parameters"));
            }
        }
        // And the audit joins the finding to what was done about it.
        StringWriter joined = new StringWriter();
        RemediatorCli.execute(new PrintWriter(joined, true), new PrintWriter(new StringWriter(), true), "audit", "-c", config.toString(),
                "--finding", opened.actionId(), "--json");
        assertThat(joined.toString()).contains("\"event\":\"opened\"", "\"event\":\"dry-run\"", "\"action\":\"heap-dump\"")
                .doesNotContain("\"event\":\"start\"");
    }
}
