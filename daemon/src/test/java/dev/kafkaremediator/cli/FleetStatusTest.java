package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} with several clusters and no --cluster: one line per cluster, observed at once;
 * a cluster that never answers is cut at --timeout and shown as such, the others as usual.
 */
class FleetStatusTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) throws Exception {
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, """
                remediator {
                  state-dir = "state"
                  clusters.orders { bootstrap-servers = "orders:9092" }
                  clusters.payments { bootstrap-servers = "payments:9092" }
                  clusters.silent { bootstrap-servers = "silent:9092" }
                }
                """, StandardCharsets.UTF_8);
        TestCluster fake = new TestCluster(3);
        fake.snapshot();
        Clock clock = Clock.systemUTC();
        CliEnvironment environment = new CliEnvironment(clock,
                c -> new ClusterConnections(c, c.name().equals("silent") ? dev.kafkaremediator.testsupport.SilentClusterAdmin.create() : fake.admin, fake.jmx(), Executors.newCachedThreadPool(), clock),
                c -> new ActionConnections(fake.changes, fake.diagnostics, null, null),
                c -> StateStores.files(c, clock));
        String[] all = new String[args.length + 2];
        all[0] = "status";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--config=" + config;
        return RemediatorCli.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void oneLinePerClusterAndASilentOneCutAtItsTimeout() throws Exception {
        assertEquals(ExitCodes.ERROR, run("--timeout", "1s"));

        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("CLUSTER").contains("BROKERS", "WORST AFTER GC", "PRODUCER IDS", "GROWTH/H", "FINDINGS", "LAST ACTION", "OWNER");
        assertThat(lines[1]).startsWith("orders").contains("3/3", "this host");
        assertThat(lines[2]).startsWith("payments").contains("3/3", "this host");
        assertThat(lines[3]).startsWith("silent").contains("unreachable", "this host");
        assertThat(out.toString()).contains("silent: no complete answer within PT1S", "3 clusters, 2 answered");
        assertThat(err.toString()).contains("cluster silent (silent:9092) is unreachable");
    }

    @Test
    void jsonIsTheArrayOfFullReportsWithTheFleetFields() throws Exception {
        assertEquals(ExitCodes.ERROR, run("--json", "--timeout", "1s"));

        JsonNode array = new ObjectMapper().readTree(out.toString());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
        JsonNode silent = array.get(2);
        assertEquals("silent", silent.get("cluster").asText());
        assertThat(silent.get("reachable").asBoolean()).isFalse();
        assertThat(silent.get("unreachableReason").asText()).isEqualTo("no complete answer within PT1S (--timeout)");
        assertEquals("silent:9092", silent.get("bootstrapServers").asText());
        assertEquals("this host", silent.get("owner").asText());
        JsonNode orders = array.get(0);
        assertEquals("orders", orders.get("cluster").asText());
        assertThat(orders.has("brokers")).isTrue();
        assertThat(orders.has("topics")).isTrue();
        assertEquals(3, orders.get("brokerCount").asInt());
        assertEquals("this host", orders.get("owner").asText());
        assertEquals(0, orders.get("openFindings").asInt());
        assertThat(orders.get("lastAction").isNull()).isTrue();
        assertThat(orders.has("worstHeapAfterGcBytes")).isTrue();
        assertThat(orders.has("maxBrokerProducerIds")).isTrue();
    }

    @Test
    void oneUnreachableClusterIsItsObjectWithTheReasonNotAnEmptyArray() throws Exception {
        assertEquals(ExitCodes.ERROR, run("--json", "--timeout", "1s", "--cluster", "silent"));

        JsonNode silent = new ObjectMapper().readTree(out.toString());
        assertThat(silent.isObject()).as(out.toString()).isTrue();
        assertEquals("silent", silent.get("cluster").asText());
        assertThat(silent.get("reachable").asBoolean()).isFalse();
        assertThat(silent.get("unreachableReason").asText()).contains("no complete answer within PT1S");
    }

    @Test
    void oneClusterNamedKeepsTheDetailedReport() throws Exception {
        assertEquals(ExitCodes.OK, run("--cluster", "orders"));
        assertThat(out.toString()).startsWith("cluster orders at").contains("BROKER", "TOPIC");
    }
}
