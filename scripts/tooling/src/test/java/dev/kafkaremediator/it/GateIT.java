package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * `remediator gate` on the real cluster, run as a deploy pipeline runs it (its own process, the application under
 * test as a shell line): the incident's application and a KafkaJS one fail with their figures, a well-behaved one
 * passes, and a window in which nothing is written cannot be judged.
 */
@ExtendWith(LocalClusterExtension.class)
class GateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    private static String script(String name) {
        return RunningCluster.projectHome().resolve("scripts").resolve(name).toString();
    }

    /** The JSON object in the gate's output (the application's own lines go to stderr, merged here before it). */
    private static JsonNode json(String output) throws Exception {
        return JSON.readTree(output.substring(output.indexOf("{\n")));
    }

    @Test
    void theIncidentsApplicationFailsWithItsFiguresAndTheFix(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "");
        Path junit = dir.resolve("gate.xml");
        Scripts.Result gate = Scripts.run(TIMEOUT, "remediator", "gate", "--config", config.toString(), "--topics", "it-gate-leak", "--json",
                "--junit", junit.toString(), "--app-command", script("incident-app.sh") + " --bootstrap-servers " + cluster.bootstrapServers()
                        + " --topic it-gate-leak --partitions 3 --records 200 --threads 4 --quiet");
        assertEquals(1, gate.exitCode(), gate.output());
        JsonNode result = json(gate.output());
        assertThat(result.get("verdict").asText()).isEqualTo("FAIL");
        JsonNode figures = result.get("figures");
        assertThat(figures.get("recordsAppended").asLong()).isEqualTo(200);
        assertThat(figures.get("newProducerIds").asLong()).isEqualTo(200);
        assertThat(figures.get("newProducersPer1000Records").asDouble()).isEqualTo(1000.0);
        for (JsonNode broker : figures.get("brokers")) {
            assertThat(broker.get("newEntries").asLong()).as("RF 3 on 3 brokers: every entry on every broker").isEqualTo(200);
            assertThat(broker.get("keptFor").asText()).contains("producer.id.expiration.ms");
            assertThat(broker.get("heapShareAfterHorizon").asDouble()).isGreaterThan(0.10);
        }
        assertThat(result.get("reasons").get(0).asText()).contains("1000.0 new producers per 1,000 records");
        assertThat(result.get("fix").asText()).contains("create one producer per application");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("failure").item(0).getTextContent()).contains("new producers per 1,000 records", "fix:");
    }

    @Test
    void oneLongLivedProducerPasses(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "");
        Scripts.Result gate = Scripts.run(TIMEOUT, "remediator", "gate", "--config", config.toString(), "--topics", "it-gate-steady",
                "--app-command", script("well-behaved-app.sh") + " --bootstrap-servers " + cluster.bootstrapServers()
                        + " --topic it-gate-steady --records 10000");
        assertEquals(0, gate.exitCode(), gate.output());
        assertThat(gate.output()).contains("records appended: 10,000; new producer ids: 1; new producers per 1,000 records: 0.1", ": PASS");
    }

    /** Whether a program answers --version: Node.js and npm are not among the two things README requires. */
    private static boolean runs(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theKafkaJsLeakFails(RunningCluster cluster) throws Exception {
        // KafkaJS needs Node.js and npm (Debian's nodejs and npm); a machine with Java and Maven only skips this case, saying why.
        org.junit.jupiter.api.Assumptions.assumeTrue(runs("node") && runs("npm"),
                "Node.js and npm are not on PATH: the KafkaJS case of the gate needs them (Debian: apt-get install -y nodejs npm)");
        Path modules = RunningCluster.projectHome().resolve("scripts/tooling/target/gate-kafkajs");
        if (!Files.isDirectory(modules.resolve("node_modules/kafkajs"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", modules.toString(), "kafkajs@2.2.4")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm.log").toFile()).start();
            assertThat(npm.waitFor(3, TimeUnit.MINUTES)).as("npm install kafkajs").isTrue();
            assertEquals(0, npm.exitValue(), "npm install kafkajs (Node.js and npm are needed: Debian's nodejs and npm): "
                    + Files.readString(dir.resolve("npm.log"), StandardCharsets.UTF_8));
        }
        Path leak = dir.resolve("kafkajs-leak.js");
        try (var in = GateIT.class.getResourceAsStream("/gate/kafkajs-leak.js")) {
            Files.copy(in, leak);
        }
        Path config = RemediatorConfigs.write(cluster, dir, "");
        Scripts.Result gate = Scripts.run(TIMEOUT, "remediator", "gate", "--config", config.toString(), "--topics", "it-gate-kafkajs", "--json",
                "--app-command", "NODE_PATH=" + modules.resolve("node_modules") + " node " + leak + " " + cluster.bootstrapServers()
                        + " it-gate-kafkajs 60");
        assertEquals(1, gate.exitCode(), gate.output());
        JsonNode figures = json(gate.output()).get("figures");
        assertThat(figures.get("recordsAppended").asLong()).isEqualTo(60);
        assertThat(figures.get("newProducersPer1000Records").asDouble()).isEqualTo(1000.0);
        assertThat(figures.get("clients").asText()).as("KafkaJS does not say who it is").isNotEmpty();
    }

    @Test
    void aWindowInWhichNothingIsWrittenCannotBeJudged(RunningCluster cluster) throws Exception {
        Path config = RemediatorConfigs.write(cluster, dir, "");
        Path junit = dir.resolve("gate.xml");
        Scripts.Result gate = Scripts.run(TIMEOUT, "remediator", "gate", "--config", config.toString(), "--topics", "it-gate-silent-.*",
                "--for", "2s", "--junit", junit.toString());
        assertEquals(2, gate.exitCode(), gate.output());
        assertThat(gate.output()).contains("cannot judge: no records were written to the topics");
        assertThat(Files.readString(junit)).contains("<skipped message=\"could not judge: no records were written");
        assertThat(List.of(gate.output())).noneMatch(o -> o.contains("Exception"));
    }
}
