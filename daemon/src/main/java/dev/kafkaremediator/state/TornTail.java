package dev.kafkaremediator.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before an append: a last line without its newline is what a crash mid-append leaves. Appended
 * to as it is, the next record would be glued onto it and both lost. The torn bytes are copied
 * to {@code <file>.damaged-<time>} (kept for whoever wants to look), cut from the file, and
 * reported once, here, so the next record starts on a clean line. Call it under the state
 * directory's write lock ({@link StateWriteLock}): another writer's append in progress would
 * otherwise look torn.
 */
public final class TornTail {
    private static final Logger LOG = LoggerFactory.getLogger(TornTail.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int SCAN = 8192;

    /** The torn bytes of {@code file}, now kept in {@code setAside}. */
    public record Repair(Path file, Path setAside, long bytes) { }

    private TornTail() {
    }

    public static Optional<Repair> repair(Path file, Instant now) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0 || lastByte(channel, size) == '\n') {
                return Optional.empty();
            }
            long tornFrom = afterLastNewline(channel, size);
            Path aside = freeName(file, now);
            channel.position(tornFrom);
            InputStream torn = Channels.newInputStream(channel);
            AtomicFiles.write(aside, out -> torn.transferTo(out));
            channel.truncate(tornFrom);
            channel.force(true);
            Repair repair = new Repair(file, aside, size - tornFrom);
            LOG.warn("{}: its last line was torn (a write cut short, {} bytes without a newline); set aside in {} so the next record "
                    + "starts on a clean line", file, repair.bytes(), aside);
            return Optional.of(repair);
        }
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, size - 1);
        return one.get(0);
    }

    /** The offset just after the last newline, 0 when there is none. */
    private static long afterLastNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SCAN);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - SCAN);
            buffer.clear().limit((int) (end - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) >= 0) {
                // read the whole window
            }
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static Path freeName(Path file, Instant now) {
        String base = file.getFileName() + ".damaged-" + STAMP.format(now);
        Path candidate = file.resolveSibling(base);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = file.resolveSibling(base + "-" + n);
        }
        return candidate;
    }
}
