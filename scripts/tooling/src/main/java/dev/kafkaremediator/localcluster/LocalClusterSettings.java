package dev.kafkaremediator.localcluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the local cluster is run.
 *
 * @param layout        where its state, data and logs live
 * @param projectHome   the project checkout; its {@code scripts/kafka-broker/pom.xml} names the broker jars
 * @param heapMb        each broker's heap (-Xms and -Xmx), small on purpose
 * @param startTimeout  how long one start (of one broker or all) may take before it fails with the log tail
 * @param stopTimeout   how long a graceful stop may take before the broker is killed
 * @param resolveTimeout how long Maven may take to resolve the broker jars (a first run downloads ~45 MB)
 * @param mavenCommand  the Maven executable
 */
public record LocalClusterSettings(LocalClusterLayout layout, Path projectHome, int heapMb, Duration startTimeout,
                                   Duration stopTimeout, Duration resolveTimeout, String mavenCommand) {

    public static final int DEFAULT_HEAP_MB = 384;

    public LocalClusterSettings {
        Objects.requireNonNull(layout, "layout");
        projectHome = projectHome.toAbsolutePath().normalize();
        // Up to the incident's own brokers (25 GB heaps, fluent-plugin-kafka #406): bench-incident --entries sizes them for millions of entries.
        if (heapMb < 128 || heapMb > 32768) {
            throw new IllegalArgumentException("broker heap must be between 128 and 32768 MB, got " + heapMb);
        }
    }

    public static LocalClusterSettings defaults(Path dir, Path projectHome) {
        return new LocalClusterSettings(new LocalClusterLayout(dir), projectHome, DEFAULT_HEAP_MB,
                Duration.ofSeconds(90), Duration.ofSeconds(60), Duration.ofMinutes(10), "mvn");
    }

    public LocalClusterSettings withHeapMb(int mb) {
        return new LocalClusterSettings(layout, projectHome, mb, startTimeout, stopTimeout, resolveTimeout, mavenCommand);
    }

    public LocalClusterSettings withStartTimeout(Duration timeout) {
        return new LocalClusterSettings(layout, projectHome, heapMb, timeout, stopTimeout, resolveTimeout, mavenCommand);
    }

    public Path brokerPom() {
        return projectHome.resolve("scripts").resolve("kafka-broker").resolve("pom.xml");
    }
}
