package dev.kafkaremediator.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's runtime classpath, resolved by Maven from {@code scripts/kafka-broker/pom.xml}
 * (Kafka's own jars from Maven Central: no tarball, no Docker) and cached in the cluster directory.
 */
final class BrokerClasspath {
    private BrokerClasspath() {
    }

    /** Returns the classpath, resolving it with Maven unless a cached one still points at existing jars. */
    static String resolve(LocalClusterSettings settings) {
        Path out = settings.layout().classpathFile();
        if (isUsable(out, settings.brokerPom())) {
            return read(out);
        }
        Path pom = settings.brokerPom();
        if (!Files.isRegularFile(pom)) {
            throw new LocalClusterException("cannot find the broker definition " + pom
                    + " (is the project home " + settings.projectHome() + " right?)");
        }
        try {
            Files.createDirectories(out.getParent());
            Path mavenLog = out.resolveSibling("maven-resolve.log");
            List<String> command = List.of(settings.mavenCommand(), "-B", "-q", "-f", pom.toString(),
                    "dependency:build-classpath", "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + out);
            Process maven = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(mavenLog.toFile()).start();
            if (!maven.waitFor(settings.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                maven.destroyForcibly();
                throw new LocalClusterException("Maven did not resolve the broker jars within "
                        + settings.resolveTimeout().toSeconds() + "s; see " + mavenLog);
            }
            if (maven.exitValue() != 0 || !Files.isRegularFile(out)) {
                throw new LocalClusterException("Maven failed to resolve the broker jars (exit " + maven.exitValue()
                        + "):\n" + LogTail.of(mavenLog, 30));
            }
            return read(out);
        } catch (IOException e) {
            throw new LocalClusterException("cannot run Maven (" + settings.mavenCommand() + ") to resolve the broker jars: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while resolving the broker jars", e);
        }
    }

    private static boolean isUsable(Path cached, Path pom) {
        try {
            if (!Files.isRegularFile(cached) || Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(pom)) < 0) {
                return false;
            }
            String classpath = read(cached);
            return !classpath.isBlank() && List.of(classpath.split(java.io.File.pathSeparator)).stream()
                    .allMatch(jar -> Files.isRegularFile(Path.of(jar)));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
