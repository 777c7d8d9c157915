package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.state.StateDirectoryLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second daemon on one state directory refuses to start and names the holder (#13 point 8). */
class RunCommandLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondDaemonOnAHeldStateDirectoryExitsWithErrorNamingTheHolder() throws Exception {
        Path state = dir.resolve("state");
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, """
                remediator {
                  state-dir = "%s"
                  clusters.c { bootstrap-servers = "127.0.0.1:1" }
                }
                """.formatted(state), StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StateDirectoryLock first = StateDirectoryLock.acquire(state)) {
            int code = RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", "--config", config.toString());
            assertEquals(ExitCodes.ERROR, code);
        }
        assertThat(err.toString()).contains("is in use by another remediator (pid " + ProcessHandle.current().pid()).doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("running");
    }
}
