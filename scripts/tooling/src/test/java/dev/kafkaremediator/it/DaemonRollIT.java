package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.cli.ExitCodes;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.incident.IncidentRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon rolling the cluster gets SIGTERM: it finishes the broker in hand, stops before the
 * next, and reports the roll when started again; the roll counted against its policy's limits, so
 * neither another policy's finding nor an on-call {@code roll} rolls the cluster again that day.
 */
@ExtendWith(LocalClusterExtension.class)
class DaemonRollIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningCluster cluster;

    private JsonNode journal() throws Exception {
        return JSON.readTree(dir.resolve("state/rolls/it.json").toFile());
    }

    private String state(int broker) throws Exception {
        return journal().get("brokers").get(String.valueOf(broker)).get("state").asText();
    }

    @AfterEach
    void wholeAgain() throws Exception {
        cluster.restoreWhole();
    }

    @Test
    void aSigtermDuringARollStopsAtASafePointAndARestartReportsIt(RunningCluster c) throws Exception {
        cluster = c;
        new IncidentRun(new IncidentRun.Settings(c.bootstrapServers(), "it-daemon-roll", 1, (short) 3, -1, 3, 0, null, 1, false), l -> { }).run();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("roll.conf"), rollPolicy("it-roll"), StandardCharsets.UTF_8);
        String restart = "[\"" + RunningCluster.projectHome().resolve("scripts/local-cluster.sh") + "\", \"--dir\", \"" + c.cluster().layout().dir()
                + "\", \"restart\", \"{id}\"]";
        Path config = RemediatorConfigs.write(c, dir, "policy-dir = \"" + policies + "\"\n  dry-run = false\n  observe-interval = 2s\n"
                + "  clusters.it.restart-command = " + restart + "\n  clusters.it.roll { check-interval = 1s, stable-checks = 1 }");
        Map<Integer, Long> before = new HashMap<>();
        c.brokerIds().forEach(id -> before.put(id, c.cluster().process(id).orElseThrow().pid()));

        Path log = dir.resolve("daemon.log");
        Process daemon = Scripts.startDaemon(config, log);
        int first;
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(dir.resolve("state/rolls/it.json"))
                    && "RESTARTING".equals(state(journal().get("order").get(0).asInt())));
            first = journal().get("order").get(0).asInt();
        } finally {
            daemon.destroy(); // SIGTERM while the first broker is being restarted
        }
        assertThat(daemon.waitFor(5, TimeUnit.MINUTES)).as("the daemon exits once the broker in hand is done").isTrue();
        assertEquals(0, daemon.exitValue(), Files.readString(log));

        assertEquals("STOPPED", journal().get("status").asText(), journal().toString());
        assertEquals("DONE", state(first), "the broker in hand was seen through");
        for (int id : c.brokerIds()) {
            if (id != first) {
                assertEquals("PENDING", state(id));
                assertEquals(before.get(id), c.cluster().process(id).orElseThrow().pid(), "broker " + id + " untouched");
            }
        }

        // Started again, the daemon says where the roll stopped and how to go on. A second policy's
        // findings want a roll too: refused by the cooldown the first roll started.
        Files.writeString(policies.resolve("roll-again.conf"), rollPolicy("it-roll-again"), StandardCharsets.UTF_8);
        Map<Integer, Long> afterFirst = new HashMap<>();
        c.brokerIds().forEach(id -> afterFirst.put(id, c.cluster().process(id).orElseThrow().pid()));
        Path again = dir.resolve("daemon-again.log");
        Process restarted = Scripts.startDaemon(config, again);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(again).contains("did not finish"));
            assertThat(Files.readString(again)).contains("--resume", journal().get("id").asText());
            await().atMost(Duration.ofSeconds(60)).until(() -> audit().stream().anyMatch(e -> e.event().equals("refused")
                    && "cooldown".equals(e.details().get("guard")) && String.valueOf(e.details().get("finding")).startsWith("it-roll-again/")));
        } finally {
            restarted.destroy();
            restarted.waitFor(5, TimeUnit.MINUTES);
        }
        StringWriter err = new StringWriter();
        int exit = RemediatorCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "roll", "-c", config.toString(),
                "--cluster", "it", "--brokers", String.valueOf(first), "--reason", "DaemonRollIT: by hand the same day", "--yes");
        assertEquals(ExitCodes.REFUSED, exit, err.toString());
        assertThat(err.toString()).contains("refused by guard cooldown");
        c.brokerIds().forEach(id -> assertEquals(afterFirst.get(id), c.cluster().process(id).orElseThrow().pid(), "broker " + id + " not rolled again"));
    }

    /** Any producer state on a broker: roll the cluster, at most once a day. */
    private static String rollPolicy(String name) {
        return """
                policies.%s {
                  description = "producer state: roll the brokers"
                  schedule.every = 2s
                  clusters = ["it"]
                  severity = critical
                  when.threshold { series = broker.producer-ids, above = 0 }
                  actions = [ { roll { enabled = true, cooldown = 24h, max-per-day = 1 } } ]
                }
                """.formatted(name);
    }

    private List<AuditEvent> audit() throws Exception {
        return FileAuditLog.in(dir.resolve("state")).read(Instant.EPOCH).events();
    }
}
