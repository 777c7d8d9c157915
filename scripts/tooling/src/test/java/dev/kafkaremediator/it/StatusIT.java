package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.incident.IncidentRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** remediator status against the real cluster: producer ids per topic and broker, unknown brokers, persistent history. */
@ExtendWith(LocalClusterExtension.class)
class StatusIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode status(Path config) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "status", "--config", config.toString(), "--cluster", "it", "--json", "--top", "100");
        assertEquals(0, exit, err.toString());
        return JSON.readTree(out.toString());
    }

    private static void producerPerRecord(RunningCluster cluster, String topic, int producers) throws Exception {
        IncidentRun.Result result = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), topic, 3, (short) 3, -1,
                producers, 0, null, 4, false), line -> { }).run();
        assertEquals(0, result.failedProducers(), result.summary());
    }

    private static JsonNode topic(JsonNode status, String name) {
        for (JsonNode t : status.get("topics")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("topic " + name + " not in status: " + status);
    }

    private static JsonNode broker(JsonNode status, int id) {
        for (JsonNode b : status.get("brokers")) {
            if (b.get("id").asInt() == id) {
                return b;
            }
        }
        throw new AssertionError("broker " + id + " not in status: " + status);
    }

    @Test
    void producersPerRecordRaiseThePerTopicCountAndItMatchesProducerIdCount(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "");
        JsonNode before = status(config);

        producerPerRecord(cluster, "it-status-leak", 30);
        JsonNode after = status(config);

        JsonNode leak = topic(after, "it-status-leak");
        assertEquals(30, leak.get("producerIds").asLong(), "one producer id per producer");
        assertEquals(30, leak.get("producerEntries").asLong(), "one record each: one entry per producer");
        assertEquals(-1, leak.get("retentionMs").asLong());
        assertEquals(3, leak.get("replicationFactor").asInt());
        assertThat(after.get("topicCount").asInt()).isGreaterThan(0);
        for (int id : cluster.brokerIds()) {
            long reported = broker(after, id).get("producerIdCount").asLong();
            // Every broker holds a replica of each of the 3 partitions: +30 entries each, as JMX shows right now.
            assertEquals(broker(before, id).get("producerIdCount").asLong() + 30, reported, "broker " + id);
            assertEquals(Jmx.producerIdCount(cluster.jmxAddress(id)), reported, "broker " + id + " matches its ProducerIdCount");
        }
    }

    @Test
    void aStoppedBrokerIsUnknownNotZeroWhileTheOthersAreReported(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "");
        cluster.cluster().stopBroker(3);
        try {
            JsonNode status = status(config);

            JsonNode stopped = broker(status, 3);
            assertThat(stopped.get("registered").asBoolean()).isFalse();
            assertThat(stopped.get("producerIdCount").isNull()).as("unknown is null, never 0: %s", stopped).isTrue();
            assertThat(stopped.get("heapUsedBytes").isNull()).isTrue();
            assertThat(stopped.get("unknown").get("producerIdCount").asText()).contains("127.0.0.1:" + cluster.state().node(3).jmxPort());
            for (int id : new int[] {1, 2}) {
                assertThat(broker(status, id).get("producerIdCount").isNumber()).as("broker %d: %s", id, broker(status, id)).isTrue();
                assertThat(broker(status, id).get("heapUsedBytes").asLong()).isPositive();
            }
            assertThat(status.get("failures").has("jmx broker 3")).isTrue();
        } finally {
            cluster.cluster().startBroker(3);
        }
    }

    @Test
    void historySurvivesARestartOfTheProcess(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "history { min-interval = 1s }");
        producerPerRecord(cluster, "it-status-history", 5);
        Scripts.Result first = Scripts.run(Duration.ofMinutes(2), "remediator", "status", "--config", config.toString(), "--json");
        assertEquals(0, first.exitCode(), first.output());
        Instant firstRun = Instant.now();
        assertThat(topicGrowth(first, "it-status-history")).isNull();

        producerPerRecord(cluster, "it-status-history", 20);
        // Growth needs samples at least 10 s apart; wait for the clock, not for a fixed sleep.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Duration.between(firstRun, Instant.now()).toSeconds() >= 11);
        Scripts.Result second = Scripts.run(Duration.ofMinutes(2), "remediator", "status", "--config", config.toString(), "--json");

        assertEquals(0, second.exitCode(), second.output());
        // The second process computes growth from the sample the first process recorded: the history outlived it.
        assertThat(topicGrowth(second, "it-status-history")).as(second.output()).isNotNull().isPositive();
    }

    private static Double topicGrowth(Scripts.Result run, String topic) throws Exception {
        String json = run.output().substring(run.output().indexOf('{'));
        JsonNode status = JSON.readTree(json);
        Map<String, JsonNode> topics = new HashMap<>();
        status.get("topics").forEach(t -> topics.put(t.get("name").asText(), t));
        JsonNode t = topics.get(topic);
        return t == null || t.get("producerEntriesGrowthPerHour").isNull() ? null : t.get("producerEntriesGrowthPerHour").asDouble();
    }
}
