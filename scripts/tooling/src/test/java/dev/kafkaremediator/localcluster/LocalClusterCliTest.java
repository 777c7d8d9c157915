package dev.kafkaremediator.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code local-cluster.sh VERB --help}: each verb's usage, exit 0, no "Unknown option" (#22.13). No cluster is started. */
class LocalClusterCliTest {

    @Test
    void everyVerbAnswersHelpWithItsUsage() {
        for (String verb : new String[] {"start", "stop", "status", "restart", "kill", "stop-broker", "start-broker", "clean"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = LocalClusterCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    verb, "--help");
            assertEquals(0, exit, verb + ": " + err);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(verb).doesNotContain("Unknown option");
            assertThat(out.toString(StandardCharsets.UTF_8)).as(verb).startsWith("Usage: local-cluster.sh " + verb);
        }
    }
}
