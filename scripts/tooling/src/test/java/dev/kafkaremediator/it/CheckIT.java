package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.incident.IncidentRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** check and plan against the real cluster: findings with evidence and the planned steps; nothing is changed. */
@ExtendWith(LocalClusterExtension.class)
class CheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path policy(long threshold) throws Exception {
        Path file = dir.resolve("leak.conf");
        Files.writeString(file, """
                policies.it-leak {
                  description = "producer ids per topic above %d"
                  schedule.every = 1m
                  clusters = ["it"]
                  severity = critical
                  topics { allow = ["it-check-.*"] }
                  when.threshold { series = topic.producer-entries, above = %d }
                  actions = [
                    { notify {} }
                    { trim { enabled = true, topics { allow = ["it-check-.*"] }, to-end = true, max-fraction = 1.0 } }
                  ]
                }
                """.formatted(threshold, threshold), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aTopicAboveItsThresholdIsAFindingWithEvidenceAndAPlan(RunningCluster cluster) throws Exception {
        IncidentRun.Result result = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-check-leak", 2, (short) 3, -1, 12,
                0, null, 4, false), line -> { }).run();
        assertEquals(0, result.failedProducers());
        Path config = RemediatorConfigs.write(cluster, dir, "");

        assertEquals(1, run("check", "--config", config.toString(), "--policies", policy(10).toString(), "--json"), err.toString());

        JsonNode findings = JSON.readTree(out.toString());
        assertThat(findings).hasSize(1);
        JsonNode finding = findings.get(0);
        assertEquals("it-leak", finding.get("policy").asText());
        assertEquals("it-check-leak", finding.get("entity").asText());
        assertEquals(12, finding.get("evidence").get(0).get("figures").get("value").asInt());
        assertThat(finding.get("dryRun").asBoolean()).as("the default configuration is dry-run").isTrue();
        assertEquals("trim", finding.get("plan").get(1).get("action").asText());
        assertEquals("topics it-check-leak", finding.get("plan").get(1).get("target").asText());
    }

    @Test
    void nothingAboveTheThresholdIsExitZero(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "");
        assertEquals(0, run("check", "--config", config.toString(), "--policies", policy(1_000_000).toString()), err.toString());
        assertThat(out.toString()).contains("cluster it: 0 findings");
    }

    @Test
    void planPrintsTheStepsAndChangesNothing(RunningCluster cluster) throws Exception {
        IncidentRun.Result result = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-check-plan", 1, (short) 3, -1, 5,
                0, null, 2, false), line -> { }).run();
        assertEquals(0, result.failedProducers());
        Path config = RemediatorConfigs.write(cluster, dir, "");

        assertEquals(1, run("plan", "--config", config.toString(), "--policies", policy(3).toString()), err.toString());

        assertThat(out.toString()).contains("1. notify", "2. trim -> topics it-check-plan", "deleteRecords to the end", "dry-run");
        try (var admin = cluster.admin()) {
            var tp = new org.apache.kafka.common.TopicPartition("it-check-plan", 0);
            long start = admin.listOffsets(java.util.Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest())).all()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).get(tp).offset();
            assertEquals(0, start, "plan deleted nothing");
        }
    }
}
