package dev.kafkaremediator.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the state directory takes writes now: a file is created and removed in it. Permissions
 * alone would not tell a full disk, a read-only remount or a directory removed under the daemon.
 */
final class StateDirProbe {
    private StateDirProbe() {
    }

    /** Empty when a file could be written in {@code dir}; otherwise why not. */
    static Optional<String> problem(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".health-", ".probe");
            try {
                Files.write(probe, new byte[] {1});
            } finally {
                Files.deleteIfExists(probe);
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("state directory " + dir + " does not take writes: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
