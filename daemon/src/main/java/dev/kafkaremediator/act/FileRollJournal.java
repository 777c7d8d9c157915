package dev.kafkaremediator.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kafkaremediator.state.AtomicFiles;
import dev.kafkaremediator.state.StateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The roll journal as one JSON file per cluster, replaced atomically after every change, and a lock
 * file per cluster held for the whole roll, so two rolls of one cluster never run at once, across
 * processes (daemon and on-call CLI alike).
 */
public final class FileRollJournal implements RollJournal {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public FileRollJournal(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<Roll> load(String cluster) throws ActionFailure {
        Path file = dir.resolve(cluster + ".json");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // Read as "no journal", it would say there is no roll to resume, and a new roll would fail only at its lock.
            throw new ActionFailure("roll journals' directory " + dir + " is a file where a directory should be (move it aside)", true, null);
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Roll roll;
        try {
            roll = JSON.readValue(file.toFile(), Roll.class);
        } catch (IOException | RuntimeException e) {
            throw damaged(file, why(e), e);
        }
        if (roll == null) {
            throw damaged(file, "holds no roll (null)", null);
        }
        if (!roll.cluster().equals(cluster)) {
            // Copied from another cluster's file: resumed here, it would restart this cluster's brokers by the other's order.
            throw damaged(file, "holds a roll of cluster " + roll.cluster() + ", not of " + cluster, null);
        }
        return Optional.of(roll);
    }

    /**
     * The way out of a journal that cannot be read: there is no command to abandon a roll, so the
     * message names the file to move aside. It stops {@code roll} on this cluster (a new roll must not
     * start over an unknown half-done one), never the daemon's start, which only reports it.
     */
    private static ActionFailure damaged(Path file, String why, Exception cause) {
        return new ActionFailure("roll journal " + file + " unreadable: " + why + " (inspect it; to abandon that roll, move the file aside: mv "
                + file + " " + file + ".abandoned, then check every broker is up before rolling again)", true, cause);
    }

    /** What is wrong, where: Jackson's own message names our classes and, for a check of ours, hides its reason. */
    private static String why(Exception e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping)) {
            return RollJournal.firstLine(e instanceof IOException io ? StateFiles.describe(io) : e.getMessage());
        }
        String message = mapping instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException && mapping.getCause() != null
                ? mapping.getCause().getMessage() : mapping.getOriginalMessage();
        String at = mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
        return (at.isEmpty() ? "" : "at " + at + ": ") + RollJournal.firstLine(message);
    }

    @Override
    public void save(Roll roll) throws ActionFailure {
        Path file = dir.resolve(roll.cluster() + ".json");
        try {
            AtomicFiles.write(file, out -> JSON.writeValue(out, roll));
        } catch (IOException e) {
            throw new ActionFailure("cannot write the roll journal " + file + ": " + StateFiles.describe(e), true, e);
        }
    }

    @Override
    public Optional<AutoCloseable> tryLock(String cluster) throws ActionFailure {
        try {
            StateFiles.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(cluster + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FileLock held = lock;
            return Optional.of(() -> {
                held.release();
                channel.close();
            });
        } catch (IOException e) {
            throw new ActionFailure("cannot take the roll lock in " + dir + ": " + StateFiles.describe(e), true, e);
        }
    }
}
