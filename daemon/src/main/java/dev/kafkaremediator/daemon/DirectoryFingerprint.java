package dev.kafkaremediator.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a directory's {@code *.conf} files changed (names, sizes, modification times) since it
 * was last taken: polled every few seconds, cheaper and more portable than a WatchService (which
 * misses changes on network file systems and through symlinked directories such as Kubernetes'
 * ConfigMaps).
 */
final class DirectoryFingerprint {
    private final Optional<Path> dir;
    private volatile String taken;

    /** An empty {@code dir} never changes. */
    DirectoryFingerprint(Optional<Path> dir) {
        this.dir = dir;
        this.taken = dir.map(DirectoryFingerprint::of).orElse("");
    }

    boolean changed() {
        return dir.isPresent() && !of(dir.get()).equals(taken);
    }

    /** Takes the fingerprint again, before the directory is read, so a change made while it is read is seen next time. */
    void retake() {
        taken = dir.map(DirectoryFingerprint::of).orElse("");
    }

    static String of(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().map(p -> {
                try {
                    return p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return p.getFileName() + ":gone";
                }
            }).collect(Collectors.joining(","));
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
