package dev.kafkaremediator.localcluster;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes a ready remediator configuration for the local cluster, the cluster named {@code local}. */
final class RemediatorConf {
    static final String CLUSTER_NAME = "local";

    private RemediatorConf() {
    }

    static void write(Path file, ClusterState state, Path projectHome, java.util.Optional<JmxCredentials> credentials) {
        Path dir = file.getParent();
        String endpoints = state.nodes().stream()
                .map(n -> "        \"" + n.id() + "\" = " + quote(n.jmxAddress()))
                .collect(Collectors.joining("\n"));
        List<String> restart = List.of(projectHome.resolve("scripts").resolve("local-cluster.sh").toString(),
                "--dir", dir.toString(), "restart", "{id}");
        String text = """
                # Remediator configuration for the local cluster in %s,
                # written by scripts/local-cluster.sh when the cluster was created.
                remediator {
                  state-dir = %s
                  policy-dir = %s
                  dry-run = true
                  clusters {
                    %s {
                      bootstrap-servers = %s
                      jmx {
                        endpoints {
                %s
                        }%s
                      }
                      restart-command = %s
                      heap-dump-dir = %s
                    }
                  }
                }
                """.formatted(dir, quote(dir.resolve("remediator-state").toString()),
                quote(projectHome.resolve("policies").toString()), CLUSTER_NAME,
                quote(state.bootstrapServers()), endpoints,
                credentials.map(c -> "\n        username = " + quote(c.user()) + "\n        password = " + quote(c.password())).orElse(""),
                render(restart),
                quote(dir.resolve("heap-dumps").toString()));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (credentials.isPresent()) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String quote(String s) {
        return render(s);
    }

    private static String render(Object value) {
        return ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
    }
}
