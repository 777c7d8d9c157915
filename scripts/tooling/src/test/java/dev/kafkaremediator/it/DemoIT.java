package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * README's main command, end to end, as a separate process: its own cluster, the daemon as a
 * separate JVM, the incident, the remediation and its verified effect; everything stopped after.
 * Its own cluster, yet in the main sequence, not the lane beside it: its 600 producers take the CPU
 * that rate-bound tests of the shared cluster need (ProducerChurnIT failed twice in two runs with the
 * demo beside it on a loaded machine: its churn stayed under the shipped policy's 20 a second).
 */
class DemoIT {
    @Test
    void theDemoFindsDiagnosesAndCuresTheLeak() throws Exception {
        Path demoDir = Path.of(System.getProperty("it.cluster.dir", "target/it-cluster")).resolveSibling("demo-it").toAbsolutePath();
        Scripts.Result demo = Scripts.run(Duration.ofMinutes(8), "demo.sh", "DEMO_DIR=" + demoDir);

        assertEquals(0, demo.exitCode(), demo.output());
        assertThat(demo.output()).contains(
                "valid: 6 policies",
                "app: done: 600 producers created, 3600 records acknowledged, 0 failed",
                "finding opened on broker",
                "class-histogram broker",
                "heap-dump broker",
                "HPROF heap dump",
                "expire-producers cluster local -> done: effective, ProducerIdCount",
                "finding resolved",
                "Done: the leak was found, diagnosed and cured");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(demoDir.toString())
                && p.info().commandLine().orElse("").contains("kafka.Kafka"))).as("no demo broker left running").isEmpty();
    }
}
