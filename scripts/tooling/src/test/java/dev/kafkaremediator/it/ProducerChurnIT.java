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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leading indicator on the real cluster (#16): while the incident app creates a producer per
 * record, the second observation ({@code status}, whose rate compares with the first through the
 * history) shows producers created per second well above 0 on the cluster, and the brokers name the
 * Java client ({@code apache-kafka-java}) among the connections. The remediator's own Admin client
 * is a Java client too, so the test asks for more Java connections than it holds before the churn.
 */
@ExtendWith(LocalClusterExtension.class)
class ProducerChurnIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA_CLIENT = "apache-kafka-java";

    @TempDir
    Path dir;

    private JsonNode status(Path config) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "status", "--config", config.toString(), "--cluster", "it", "--json");
        assertEquals(0, exit, err.toString());
        return JSON.readTree(out.toString());
    }

    private static long javaConnections(JsonNode status) {
        long n = 0;
        for (JsonNode s : status.get("clients").get("software")) {
            if (s.get("name").asText().equals(JAVA_CLIENT)) {
                n += s.get("connections").asLong();
            }
        }
        return n;
    }

    @Test
    void producerCreationRisesWithinTwoObservationsAndTheJavaClientIsNamed(RunningCluster cluster) throws Exception {
        // Every command's observation is kept (the default keeps one a minute): the two observations are seconds apart here.
        Path config = RemediatorConfigs.write(cluster, dir, "history { min-interval = 1s }");
        JsonNode first = status(config);
        assertThat(first.get("producerInitsPerSecond").isNull() || first.get("producerInitsPerSecond").asDouble() < 5)
                .as("no churn yet: %s", first.get("producerInitsPerSecond")).isTrue();
        long javaBefore = javaConnections(first);

        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<IncidentRun.Result> churn = CompletableFuture.supplyAsync(() -> {
                try {
                    return new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-churn", 3, (short) 3, -1, 1_500, 0, null, 4, false),
                            line -> { }).run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, background);
            // The first observation once the churn runs (the one before it, `first`, saw none), then the second a few
            // hundred producers later: both see the churn at full rate, whatever the machine's speed.
            long before = Jmx.producerInits(cluster);
            await().atMost(Duration.ofSeconds(60)).until(() -> Jmx.producerInits(cluster) >= before + 100);
            status(config);
            long atFirst = Jmx.producerInits(cluster);
            await().atMost(Duration.ofSeconds(60)).until(() -> Jmx.producerInits(cluster) >= atFirst + 200);

            JsonNode second = status(config);
            assertThat(second.get("producerInitsPerSecond").isNull()).as("the second observation has a rate: %s", second.get("unknown")).isFalse();
            assertThat(second.get("producerInitsPerSecond").asDouble()).as("producers created per second, cluster-wide").isGreaterThan(5.0);
            for (JsonNode b : second.get("brokers")) {
                assertThat(b.get("producerInitsPerSecond").isNull()).as("broker %s answered, so its rate is known", b.get("id")).isFalse();
            }

            // The third observation: `check` with the shipped policies reports producer churn (two observations in a row far
            // above any steady state), naming the Java client, long before the producer-id policies could.
            long atSecond = Jmx.producerInits(cluster);
            await().atMost(Duration.ofSeconds(60)).until(() -> Jmx.producerInits(cluster) >= atSecond + 60);
            StringWriter checkOut = new StringWriter();
            StringWriter checkErr = new StringWriter();
            int checked = RemediatorCli.execute(new PrintWriter(checkOut, true), new PrintWriter(checkErr, true),
                    "check", "--config", config.toString(), "--cluster", "it", "--json");
            JsonNode findings = JSON.readTree(checkOut.toString());
            assertEquals(1, checked, checkOut + "\n" + checkErr);
            JsonNode churnFinding = null;
            for (JsonNode f : findings) {
                if (f.get("policy").asText().equals("producer-churn")) {
                    churnFinding = f;
                }
            }
            assertThat(churnFinding).as("a producer-churn finding: %s", findings).isNotNull();
            assertThat(churnFinding.toString()).contains(JAVA_CLIENT);
            assertThat(churnFinding.toString()).as("the topic gaining producer-state entries fastest").contains("it-churn");

            // Short-lived producers are connected for a moment each: keep looking while the churn goes on.
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode now = status(config);
                assertThat(javaConnections(now)).as("Java connections during the churn, %d before: %s", javaBefore, now.get("clients"))
                        .isGreaterThan(javaBefore);
                assertThat(now.get("clients").get("summary").asText()).contains(JAVA_CLIENT);
            });

            IncidentRun.Result result = churn.get(5, TimeUnit.MINUTES);
            assertEquals(0, result.failedProducers(), result.summary());
        } finally {
            background.shutdownNow();
        }
    }
}
