package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void anUnreachableClusterExitsTwoNamingTheClusterAndTheCause() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, """
                remediator {
                  state-dir = "%s"
                  clusters.nowhere { bootstrap-servers = "127.0.0.1:%d", timeouts { admin = 2s } }
                }
                """.formatted(dir.resolve("state"), closedPort), StandardCharsets.UTF_8);

        assertEquals(ExitCodes.ERROR, run("status", "--config", config.toString(), "--json"));
        assertThat(err.toString()).contains("cluster nowhere (127.0.0.1:" + closedPort + ") is unreachable", "describeCluster");
    }

    @Test
    void aBootstrapHostThatDoesNotResolveIsAnUnreachableClusterNotAStackTrace() throws Exception {
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, """
                remediator {
                  state-dir = "%s"
                  clusters.gone { bootstrap-servers = "no-such-host.invalid:9092", timeouts { admin = 2s } }
                }
                """.formatted(dir.resolve("state")), StandardCharsets.UTF_8);

        assertEquals(ExitCodes.ERROR, run("status", "--config", config.toString()));
        assertThat(err.toString()).contains("cluster gone (no-such-host.invalid:9092) is unreachable", "cannot create the Admin client")
                .doesNotContain("\tat ");
    }

    @Test
    void anInvalidConfigExitsTwoWithEveryProblem() throws Exception {
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, "remediator { dry-rum = true\n clusters.a { bootstrap-servers = 1 } }\n", StandardCharsets.UTF_8);

        assertEquals(ExitCodes.ERROR, run("status", "--config", config.toString()));
        assertThat(err.toString()).contains("invalid configuration", config + ":1: remediator.dry-rum: unknown key; did you mean 'dry-run'?");
    }

    @Test
    void anUnknownClusterIsNamed() throws Exception {
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, "remediator.clusters.a { bootstrap-servers = \"h:1\" }\n", StandardCharsets.UTF_8);

        assertEquals(ExitCodes.ERROR, run("status", "--config", config.toString(), "--cluster", "b"));
        assertThat(err.toString()).contains("no cluster named 'b'", "(configured: a)");
    }
}
