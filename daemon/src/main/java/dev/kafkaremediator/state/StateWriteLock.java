package dev.kafkaremediator.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A short exclusive lock on the state directory's {@code write.lock}, held around every append and
 * every check-and-record, so the daemon and an on-call command writing at once (and audit
 * rotation) lose nothing, and a cooldown checked is still free when it is recorded.
 *
 * <p>An OS file lock belongs to the whole JVM: a second thread asking for it gets an
 * {@link OverlappingFileLockException}, not a wait, and on POSIX closing any channel on the file
 * drops the lock. So threads first queue on an in-process lock, and only its holder touches the
 * file. That makes one instance per state directory per JVM a rule: {@code StateStores} creates
 * it once and hands it to every store. Reentrant: a holder may take it again (a check that records).
 */
public final class StateWriteLock {
    public static final String FILE = "write.lock";

    private final Path file;
    private final ReentrantLock inProcess = new ReentrantLock();
    private FileChannel channel;
    private FileLock osLock;

    public StateWriteLock(Path file) {
        this.file = file;
    }

    /** The lock of a state directory: {@code <stateDir>/write.lock}. */
    public static StateWriteLock in(Path stateDir) {
        return new StateWriteLock(stateDir.resolve(FILE));
    }

    /** Released when closed. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits for the lock (other threads of this JVM first, then other processes) and holds it until closed. */
    public Held hold() throws IOException {
        inProcess.lock();
        if (inProcess.getHoldCount() > 1) {
            return inProcess::unlock;
        }
        try {
            StateFiles.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            osLock = channel.lock();
        } catch (OverlappingFileLockException e) {
            closeChannel();
            inProcess.unlock();
            throw new IllegalStateException("two write locks on " + file + " in one process: the stores of one state directory must share one", e);
        } catch (IOException | RuntimeException e) {
            closeChannel();
            inProcess.unlock();
            throw e;
        }
        return this::release;
    }

    private void release() {
        try {
            osLock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        } finally {
            closeChannel();
            inProcess.unlock();
        }
    }

    private void closeChannel() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // a lock file that will not close: the lock goes with it
        } finally {
            channel = null;
            osLock = null;
        }
    }
}
