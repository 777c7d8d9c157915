package dev.kafkaremediator.it;

import dev.kafkaremediator.localcluster.NodeState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Writes a remediator.conf for the test cluster, with its own state directory. */
public final class RemediatorConfigs {
    private RemediatorConfigs() {
    }

    public static Path write(RunningCluster cluster, Path dir, String extraRemediatorSettings) throws Exception {
        String endpoints = cluster.state().nodes().stream()
                .map(n -> "\"" + n.id() + "\" = \"" + n.jmxAddress() + "\"").collect(Collectors.joining(", "));
        String text = """
                remediator {
                  state-dir = "%s"
                  policy-dir = "%s"
                  %s
                  clusters {
                    it {
                      bootstrap-servers = "%s"
                      jmx.endpoints { %s }
                      timeouts { admin = 10s, jmx = 5s, census = 20s }
                    }
                  }
                }
                """.formatted(dir.resolve("state"), RunningCluster.projectHome().resolve("policies"), extraRemediatorSettings, cluster.bootstrapServers(), endpoints);
        Path file = dir.resolve("remediator.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static String brokerIds(RunningCluster cluster) {
        return cluster.state().nodes().stream().map(NodeState::id).map(String::valueOf).collect(Collectors.joining(","));
    }
}
