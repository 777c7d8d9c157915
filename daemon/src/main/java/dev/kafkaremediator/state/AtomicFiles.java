package dev.kafkaremediator.state;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The one way a state file is replaced: write a temporary file in the same directory, force it to
 * disk, rename it over the target atomically, then force the directory so the rename itself
 * survives a power cut. A crash at any point leaves either the old file or the new one, whole; the
 * worst left behind is a stray {@code .<name>.<random>.tmp}, which no store reads.
 */
public final class AtomicFiles {

    /** Writes a file's whole content; may close the stream it is given (Jackson does). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        StateFiles.createDirectories(dir);
        // A unique name: two processes replacing the same file never write into each other's temporary file. Not
        // Files.createTempFile: its owner-only permissions would replace the umask's that the file had so far.
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void close() throws IOException {
                        flush(); // the channel stays open for the force below
                    }
                };
                content.writeTo(out);
                out.close();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Forces a directory's entries (a rename, a new file) to disk. Some platforms refuse to open a
     * directory (Windows); there the rename is as durable as the platform makes it.
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException refused) {
            // see above: nothing more can be done on such a platform
        }
    }
}
