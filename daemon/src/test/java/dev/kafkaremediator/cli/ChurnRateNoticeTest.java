package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first {@code check} on a fresh state directory has one reading of the InitProducerId counters:
 * it says the producer creation rate is not known yet and when it will be, instead of a silent
 * "0 findings" (#22.13); the next check, two seconds on, has the rate from the history and says nothing.
 */
class ChurnRateNoticeTest {
    @TempDir
    Path dir;

    private final TestCluster fake = new TestCluster(3);

    private String check() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(fake.clock,
                c -> new ClusterConnections(c, fake.admin, fake.jmx(), Executors.newCachedThreadPool(), fake.clock),
                c -> new ActionConnections(fake.changes, fake.diagnostics, null, null),
                c -> StateStores.files(c, fake.clock));
        assertEquals(ExitCodes.OK, RemediatorCli.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), "check",
                "--config=" + dir.resolve("remediator.conf")), err::toString);
        return out.toString();
    }

    @Test
    void theFirstCheckSaysTheRateIsNotKnownYetAndWhenItWillBe() throws Exception {
        Files.writeString(dir.resolve("remediator.conf"), """
                remediator {
                  state-dir = "state"
                  policy-dir = "policies"
                  clusters.c { bootstrap-servers = "c:9092", jmx.port = 9999 }
                }
                """, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("policies/churn.conf"), """
                policies {
                  producer-churn {
                    description = "new idempotent producers created fast"
                    schedule { every = 1m }
                    clusters = ["*"]
                    severity = warning
                    when { threshold { series = cluster.producer-inits-per-second, above = 20 } }
                    actions = [ { notify {} } ]
                  }
                }
                """, StandardCharsets.UTF_8);
        fake.snapshot();

        String first = check();
        assertThat(first).contains("cluster c: 0 findings")
                .contains("producer creation rate: not known yet (broker 1: first reading of the InitProducerId counter: a rate needs two);"
                        + " this reading is kept in the history: a check, plan or status at least 1s from now and within 1h, or the daemon's next"
                        + " observation, has the rate; the policies on it (producer-churn) are not met until then");

        fake.clock.advance(Duration.ofSeconds(2));
        assertThat(check()).contains("cluster c: 0 findings").doesNotContain("producer creation rate");
    }
}
