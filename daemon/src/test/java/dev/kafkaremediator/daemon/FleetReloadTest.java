package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters from {@code cluster-dir} come and go while the daemon runs (files mode): a new file is
 * watched, a removed one dropped with its /metrics series, a changed one reopened, and a directory
 * with an error leaves the clusters in force. In-memory clusters; the daemon's own Quartz scheduler.
 */
class FleetReloadTest {
    @TempDir
    Path dir;

    private final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();
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

    private RemediatorDaemon start() throws Exception {
        write("remediator.conf", """
                remediator {
                  state-dir = "state"
                  cluster-dir = "clusters.d"
                  observe-interval = 1s
                  history.min-interval = 1s
                  clusters.main { bootstrap-servers = "main:9092" }
                }
                """);
        write("policies/p.conf", """
                policies {
                  leak {
                    description = "producer ids growing"
                    schedule { every = 1s }
                    clusters = ["*"]
                    severity = warning
                    when { threshold { series = broker.producer-ids, above = 1000000000 } }
                    actions = [ { notify {} } ]
                  }
                }
                """);
        write("clusters.d/b.conf", "bootstrap-servers = \"b:9092\"\n");
        Clock clock = Clock.systemUTC();
        daemon = RemediatorDaemon.start(ConfigLoader.load(dir.resolve("remediator.conf")), clock, cluster -> {
            opened.computeIfAbsent(cluster.name(), n -> new AtomicInteger()).incrementAndGet();
            TestCluster fake = new TestCluster(3);
            return new ClusterConnections(cluster, cluster.name().startsWith("silent") ? dev.kafkaremediator.testsupport.SilentClusterAdmin.create()
                    : fake.admin, fake.jmx(), Executors.newCachedThreadPool(), clock);
        });
        return daemon;
    }

    private List<String> observed() {
        return daemon.health().clusters().entrySet().stream().filter(e -> e.getValue().lastSnapshot().isPresent()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private boolean metricsMention(String cluster) {
        return daemon.metrics().registry().scrape().stream().flatMap(s -> s.getDataPoints().stream())
                .anyMatch(p -> cluster.equals(p.getLabels().get("cluster")));
    }

    @Test
    void clustersAreAddedChangedAndRemovedWithoutARestart() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(20)).until(this::observed, o -> o.equals(List.of("b", "main")));

        write("clusters.d/c.conf", "bootstrap-servers = \"c:9092\"\n");
        await().atMost(Duration.ofSeconds(30)).until(this::observed, o -> o.equals(List.of("b", "c", "main")));

        Files.delete(dir.resolve("clusters.d/b.conf"));
        await().atMost(Duration.ofSeconds(30)).until(() -> daemon.health().clusters().keySet(), k -> !k.contains("b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !metricsMention("b"));
        assertTrue(metricsMention("c"));

        write("clusters.d/c.conf", "bootstrap-servers = \"c2:9092\"\n");
        assertTrue(daemon.reloadClusters("test"));
        assertThat(opened.get("c")).hasValue(2);
        assertThat(opened.get("main")).hasValue(1);
    }

    @Test
    void clustersThatNeverAnswerDoNotDelayTheOthers() throws Exception {
        start();
        for (int i = 1; i <= 4; i++) {
            write("clusters.d/silent-" + i + ".conf", "bootstrap-servers = \"silent:9092\"\n");
        }
        assertTrue(daemon.reloadClusters("test"));
        // Four observations held forever (until the stop abandons them), and the others go on at their interval.
        java.time.Instant from = java.time.Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> daemon.health().clusters().entrySet().stream()
                .filter(e -> List.of("b", "main").contains(e.getKey()))
                .allMatch(e -> e.getValue().lastSnapshot().filter(t -> t.isAfter(from.plusSeconds(3))).isPresent()));
        assertThat(daemon.health().clusters().get("silent-1").lastSnapshot()).isEmpty();
    }

    @Test
    void aDirectoryWithAnErrorLeavesTheClustersInForce() throws Exception {
        start();
        write("clusters.d/c.conf", "bootstrap-servers = \"c:9092\"\nbootstrap-server = \"typo\"\n");
        assertFalse(daemon.reloadClusters("test"));
        assertThat(daemon.health().clusters().keySet()).containsExactlyInAnyOrder("b", "main");

        write("clusters.d/main.conf", "bootstrap-servers = \"again:9092\"\n");
        Files.delete(dir.resolve("clusters.d/c.conf"));
        assertFalse(daemon.reloadClusters("test"));
        assertThat(daemon.health().clusters().keySet()).containsExactlyInAnyOrder("b", "main");
    }

    @Test
    void aHugeClusterFileIsRefusedUnreadAndTheClustersStayInForce() throws Exception {
        start();
        // 60 MB (sparse, written in no time): parsed whole, it ran a 48 MB daemon out of memory within seconds.
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(dir.resolve("clusters.d/huge.conf").toFile(), "rw")) {
            huge.setLength(60L * 1024 * 1024);
        }
        assertFalse(daemon.reloadClusters("test"));
        assertThat(daemon.health().clusters().keySet()).containsExactlyInAnyOrder("b", "main");
    }
}
