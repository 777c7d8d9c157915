package dev.kafkaremediator.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per state directory: an OS lock on {@code <stateDir>/daemon.lock}, held for the
 * daemon's whole life, with its PID written inside so a second one can say who holds it. The OS
 * drops the lock when the process dies, however it dies, so a stale file never blocks a start.
 * The file is left in place on release: deleting it would let a newcomer lock a file that a
 * third process has just opened under the same name.
 */
public final class StateDirectoryLock implements AutoCloseable {
    public static final String FILE = "daemon.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the state directory for this process.
     *
     * @throws StateDirectoryBusyException when another process (or this one) holds it; the message names its PID
     * @throws IOException when the directory or the lock file cannot be created or written
     */
    public static StateDirectoryLock acquire(Path stateDir) throws IOException, StateDirectoryBusyException {
        StateFiles.createDirectories(stateDir);
        Path file = stateDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new StateDirectoryBusyException(stateDir, holder);
        }
        try {
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new StateDirectoryLock(file, channel, lock);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** What the holder wrote: its PID, or "unknown" while it has not written it yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d+") ? text : "unknown";
    }
}
