package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * #22 point 1: a cluster whose JMX asks for a password, as production runs it, read by
 * {@code scripts/remediator status} (its own JVM, so the process-wide JMX deserialization filter
 * that {@code main} installs is the one in force). Every broker is known on every run; a wrong
 * password is reported as the broker's own "Authentication failed" (it was "filter status: REJECTED":
 * the filter refused the JDK's FailedLoginException the broker sends as the cause).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmxAuthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = Integer.getInteger("it.jmx-auth.runs", 20);

    private RunningCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = RunningCluster.startOwn("it-jmx-auth", Map.of(), true);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path config() {
        return cluster.cluster().layout().remediatorConf();
    }

    private static JsonNode status(Path config) throws Exception {
        Scripts.Result result = Scripts.run(Duration.ofMinutes(3), "remediator", "status", "--config", config.toString(), "--json");
        assertThat(result.exitCode()).as(result.output()).isZero();
        String out = result.output();
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    @Test
    void everyBrokerIsKnownOnEveryStatusRun() throws Exception {
        List<String> blind = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            JsonNode status = status(config());
            for (JsonNode broker : status.get("brokers")) {
                if (broker.get("heapUsedBytes") == null || broker.get("heapUsedBytes").isNull()) {
                    blind.add("run " + run + ": broker " + broker.get("id") + ": " + broker.get("unknown"));
                }
            }
            assertThat(status.get("brokers")).hasSize(RunningCluster.BROKERS);
        }
        System.out.println("[it-jmx-auth] " + RUNS + " status runs, brokers blind: " + blind.size());
        assertThat(blind).as("brokers whose JMX was not read").isEmpty();
    }

    @Test
    void aWrongPasswordIsReportedAsTheBrokersAuthenticationFailureNotAsAFilterRefusal() throws Exception {
        String text = Files.readString(config(), StandardCharsets.UTF_8).replaceFirst("password = \"[^\"]*\"", "password = \"not-the-password\"");
        Path wrong = Files.createTempFile(cluster.cluster().layout().dir(), "wrong-password", ".conf");
        Files.writeString(wrong, text, StandardCharsets.UTF_8);
        JsonNode status = status(wrong);
        for (JsonNode broker : status.get("brokers")) {
            assertThat(broker.get("unknown").get("heapUsedBytes").asText()).contains("Invalid username or password")
                    .doesNotContain("REJECTED").doesNotContain("not-the-password");
        }
    }
}
