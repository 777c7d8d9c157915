package dev.kafkaremediator.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.evaluate.FileFindingStore;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload (SIGHUP, a changed policy file) keeps each policy's cadence (#22.7): an hourly policy is
 * not evaluated at every reload, so reloads cannot climb its ladder (class histogram, heap dump,
 * expiry) in seconds. Files mode, the daemon's own Quartz scheduler, an in-memory cluster whose
 * brokers always meet the policy, so each evaluation shows in the open findings' count.
 */
class PolicyReloadCadenceTest {
    @TempDir
    Path dir;

    private RemediatorDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private void write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void policy(String every) throws Exception {
        write("policies/p.conf", """
                policies {
                  leak {
                    description = "producer ids growing"
                    schedule { every = %s }
                    clusters = ["*"]
                    severity = warning
                    when { threshold { series = broker.producer-ids, above = 0 } }
                    actions = [ { notify {} } ]
                  }
                }
                """.formatted(every));
    }

    private void start() throws Exception {
        write("remediator.conf", """
                remediator {
                  state-dir = "state"
                  observe-interval = 1s
                  history.min-interval = 1s
                  clusters.main { bootstrap-servers = "main:9092", jmx.port = 9999 }
                }
                """);
        policy("1h");
        Clock clock = Clock.systemUTC();
        daemon = RemediatorDaemon.start(ConfigLoader.load(dir.resolve("remediator.conf")), clock, cluster -> {
            TestCluster fake = new TestCluster(3);
            fake.topic("orders", 1);
            fake.leak("orders", 5, TestCluster.START);
            fake.snapshot(); // publishes the brokers to the in-memory Admin
            return new ClusterConnections(cluster, fake.admin, fake.jmx(), Executors.newCachedThreadPool(), clock);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> daemon.health().clusters().get("main").lastSnapshot().isPresent());
    }

    /** How many times the policy was evaluated while its findings were open (0 before the first). */
    private int evaluations() throws Exception {
        return new FileFindingStore(dir.resolve("state/findings")).load("main").values().stream().mapToInt(OpenFinding::evaluations).max().orElse(0);
    }

    @Test
    void reloadsDoNotEvaluateAnHourlyPolicyAgain() throws Exception {
        start();
        int before = evaluations();

        for (int i = 0; i < 3; i++) {
            daemon.reload("SIGHUP");
        }

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> evaluations() == before);
    }

    @Test
    void aChangedIntervalCountsFromTheLastEvaluation() throws Exception {
        start();
        int before = evaluations();

        policy("2h");
        assertTrue(daemon.reloadPolicies("test"));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> evaluations() == before);
    }
}
