package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RemediatorCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("--help"));
        assertThat(out.toString()).contains("run", "status", "check", "plan", "validate", "heap-dump", "trim", "roll",
                "expire-producers", "audit");
    }

    @Test
    void versionNamesTheKafkaClient() {
        assertEquals(0, run("--version"));
        assertThat(out.toString()).contains("kafka-remediator", "kafka-clients 4.");
    }

    @Test
    void anUnknownCommandIsOneLineAndExitTwo() {
        assertEquals(ExitCodes.ERROR, run("restart-everything"));
        assertThat(err.toString().strip()).isEqualTo("remediator: unknown command 'restart-everything' (see 'remediator --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownOptionNamesTheCommand() {
        assertEquals(ExitCodes.ERROR, run("--bogus"));
        assertThat(err.toString().strip()).startsWith("remediator: Unknown option: '--bogus'").doesNotContain("\n");
    }
}
