package dev.kafkaremediator.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A daemon process of the test's own without a Kafka cluster (one that never answers), and reads of its /health and /metrics. */
final class DaemonHttp {
    private DaemonHttp() {
    }

    static final String POLICY = """
            policies {
              leak {
                description = "producer ids growing"
                schedule { every = 1m }
                clusters = ["*"]
                severity = warning
                when { threshold { series = broker.producer-ids, above = 1000 } }
                actions = [ { notify {} } ]
              }
            }
            """;

    /** remediator.conf in {@code dir}: an unreachable cluster, HTTP on a free port, and {@code extra} settings. */
    static Path config(Path dir, String extra) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("p.conf"), POLICY, StandardCharsets.UTF_8);
        Path file = dir.resolve("remediator.conf");
        Files.writeString(file, """
                remediator {
                  state-dir = "%s"
                  policy-dir = "%s"
                  observe-interval = 2s
                  http { enabled = true, port = 0 }
                  %s
                  clusters.c {
                    bootstrap-servers = "127.0.0.1:1"
                    timeouts { admin = 1s, jmx = 1s, census = 1s }
                    jmx { port = 9999 }
                  }
                }
                """.formatted(dir.resolve("state"), policies, extra), StandardCharsets.UTF_8);
        return file;
    }

    /** The status of a GET of {@code path}, if it answered within {@code within}. */
    static Optional<HttpResponse<String>> get(HttpClient http, String address, String path, Duration within) {
        try {
            return Optional.of(http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + address + path)).build(), HttpResponse.BodyHandlers.ofString())
                    .get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** SIGTERM (the launcher execs java), then SIGKILL if it has not exited within 30 s. */
    static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
