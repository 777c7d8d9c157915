package dev.kafkaremediator.localcluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The last lines of a log file, for error messages; reads at most the last 64 KiB. */
final class LogTail {
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    static String of(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "  (no log at " + log + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - MAX_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(line -> "  | " + line).collect(Collectors.joining("\n", "  --- last lines of " + log + "\n", ""));
        } catch (IOException e) {
            return "  (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Whether the log, from byte {@code offset} on, contains {@code text}. */
    static boolean containsAfter(Path log, long offset, String text) throws IOException {
        if (!Files.isRegularFile(log)) {
            return false;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return false;
            }
            // Broker logs during startup stay small; cap the read anyway.
            long from = Math.max(offset, length - 16L * MAX_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).contains(text);
        }
    }

    static long size(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.size(log) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }
}
