package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.observe.ClusterAdmin;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.testsupport.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code plan} over several clusters observe them at once, on status's bounded
 * pool (#22.12): each cluster here answers only once every cluster has been asked, which clusters
 * observed one after another never are.
 */
class PolicyEvaluationFleetTest {
    private static final int CLUSTERS = 4;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CountDownLatch allAsked = new CountDownLatch(CLUSTERS);

    /** The fake's Admin, whose describeCluster waits (10 s at most) until every cluster has asked. */
    private ClusterAdmin waitingForTheOthers(ClusterAdmin admin) {
        return (ClusterAdmin) Proxy.newProxyInstance(ClusterAdmin.class.getClassLoader(), new Class<?>[] {ClusterAdmin.class}, (proxy, method, args) -> {
            if (method.getName().equals("describeCluster")) {
                allAsked.countDown();
                if (!allAsked.await(10, TimeUnit.SECONDS)) {
                    throw new SourceFailure("describeCluster: the other clusters were not asked meanwhile");
                }
            }
            try {
                return method.invoke(admin, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private int run(String command) throws Exception {
        StringBuilder clusters = new StringBuilder();
        for (int i = 1; i <= CLUSTERS; i++) {
            clusters.append("  clusters.c").append(i).append(" { bootstrap-servers = \"c").append(i).append(":9092\", jmx.port = 9999 }\n");
        }
        Files.writeString(dir.resolve("remediator.conf"), "remediator {\n  state-dir = \"state\"\n  policy-dir = \"policies\"\n" + clusters + "}\n",
                StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("policies/p.conf"), """
                policies {
                  leak {
                    description = "producer ids growing"
                    schedule { every = 1m }
                    clusters = ["*"]
                    severity = warning
                    when { threshold { series = broker.producer-ids, above = 1000000 } }
                    actions = [ { notify {} } ]
                  }
                }
                """, StandardCharsets.UTF_8);
        TestCluster fake = new TestCluster(3);
        fake.snapshot();
        Clock clock = Clock.systemUTC();
        CliEnvironment environment = new CliEnvironment(clock,
                c -> new ClusterConnections(c, waitingForTheOthers(fake.admin), fake.jmx(), Executors.newCachedThreadPool(), clock),
                c -> new ActionConnections(fake.changes, fake.diagnostics, null, null),
                c -> StateStores.files(c, clock));
        return RemediatorCli.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), command, "--config=" + dir.resolve("remediator.conf"));
    }

    @Test
    void checkObservesTheClustersAtOnce() throws Exception {
        assertEquals(ExitCodes.OK, run("check"), err::toString);
        assertThat(out.toString()).contains("cluster c1: 0 findings", "cluster c2: 0 findings", "cluster c3: 0 findings", "cluster c4: 0 findings");
    }

    @Test
    void planObservesTheClustersAtOnce() throws Exception {
        assertEquals(ExitCodes.OK, run("plan"), err::toString);
        assertThat(out.toString()).contains("cluster c1: nothing to do", "cluster c4: nothing to do");
    }
}
