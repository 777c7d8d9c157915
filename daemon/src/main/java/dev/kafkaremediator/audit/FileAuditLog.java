package dev.kafkaremediator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaremediator.state.AtomicFiles;
import dev.kafkaremediator.state.StateFiles;
import dev.kafkaremediator.state.LineReader;
import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.state.TornTail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit log as JSON lines in {@code <dir>/audit.jsonl}, each record written and synced before
 * {@link #append} returns. When the file passes {@code maxBytes} it is renamed to
 * {@code audit-<n>.jsonl} (n increasing) and a new file begins; the rename is atomic and happens
 * between two records, so rotation never loses or splits one. Old files are never deleted here:
 * an audit trail is the operator's to archive.
 *
 * <p>Every append, rotation included, holds the state directory's write lock, so the daemon and an
 * on-call command appending at once interleave whole records and never rotate over each other. A
 * torn last line (a crash mid-append) is set aside before the next append and recorded once as a
 * {@code state-repaired} event; a line that is not UTF-8 or not a record costs that record only.
 */
public final class FileAuditLog implements AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROTATED = Pattern.compile("audit-(\\d+)\\.jsonl");
    private static final String CURRENT = "audit.jsonl";
    public static final String REPAIRED = "state-repaired";

    private final Path dir;
    private final long maxBytes;
    private final StateWriteLock lock;
    private final Clock clock;

    /** {@code lock}: the state directory's write lock, shared with every other store of that directory in this process. */
    public FileAuditLog(Path dir, long maxBytes, StateWriteLock lock, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.lock = lock;
        this.clock = clock;
    }

    /** A state directory's audit on its own (tools, tests): its own write lock, so no other store of the directory in this process. */
    public static FileAuditLog in(Path stateDir) {
        return in(stateDir, StateWriteLock.in(stateDir), Clock.systemUTC());
    }

    public static FileAuditLog in(Path stateDir, StateWriteLock lock, Clock clock) {
        return new FileAuditLog(stateDir.resolve("audit"), 64L * 1024 * 1024, lock, clock);
    }

    public Path currentFile() {
        return dir.resolve(CURRENT);
    }

    @Override
    public void append(AuditEvent event) throws AuditException {
        Path file = currentFile();
        byte[] line = line(event);
        try (StateWriteLock.Held held = lock.hold()) {
            StateFiles.createDirectories(dir);
            Optional<TornTail.Repair> repair = TornTail.repair(file, clock.instant());
            if (repair.isPresent()) {
                appendLine(line(repaired(repair.get())));
            }
            appendLine(line);
        } catch (IOException e) {
            throw new AuditException("cannot write the audit log " + file + ": " + StateFiles.describe(e), e);
        }
    }

    private static byte[] line(AuditEvent event) {
        return (toJson(event).toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private AuditEvent repaired(TornTail.Repair repair) {
        return new AuditEvent(clock.instant(), "state-" + clock.millis(), REPAIRED, "", "remediator", false, Map.of("file", repair.file().toString(),
                "setAside", repair.setAside().toString(), "bytes", repair.bytes(), "why", "torn last line (a write cut short by a crash)"));
    }

    /** Under the write lock: rotates first when the line would take the file past its maximum. */
    private void appendLine(byte[] line) throws IOException {
        Path file = currentFile();
        boolean exists = Files.exists(file);
        if (exists && Files.size(file) + line.length > maxBytes && Files.size(file) > 0) {
            Files.move(file, dir.resolve("audit-" + (lastRotation() + 1) + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
            exists = false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (!exists) {
            AtomicFiles.syncDirectory(dir); // the rotation's rename and the new file's entry
        }
    }

    @Override
    public Read read(Instant since) throws AuditException {
        List<AuditEvent> events = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> rotated;
        FileChannel current = null;
        // Under the lock only long enough to see a consistent set: the rotated files never change again, and
        // the current one, once open, is read whole even if it is rotated meanwhile.
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // Read as "no audit", it would show an empty trail without a word.
            throw new AuditException("cannot read the audit log: " + dir + " is a file where the audit directory should be (move it aside)", null);
        }
        if (Files.isDirectory(currentFile())) {
            throw new AuditException("cannot read the audit log: " + currentFile() + " is a directory where the audit file should be (move it aside)", null);
        }
        try (StateWriteLock.Held held = lock.hold()) {
            rotated = rotatedInOrder();
            if (Files.exists(currentFile())) {
                current = FileChannel.open(currentFile(), StandardOpenOption.READ);
            }
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log in " + dir + ": " + StateFiles.describe(e), e);
        }
        try (FileChannel open = current) {
            for (Path file : rotated) {
                try (InputStream in = Files.newInputStream(file)) {
                    readInto(file, in, since, events, skipped);
                } catch (NoSuchFileException archived) {
                    skipped.add(file + ": moved away while being read, skipped");
                }
            }
            if (open != null) {
                readInto(currentFile(), Channels.newInputStream(open), since, events, skipped);
            }
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log in " + dir + ": " + StateFiles.describe(e), e);
        }
        return new Read(events, skipped);
    }

    private static void readInto(Path file, InputStream in, Instant since, List<AuditEvent> events, List<String> skipped) throws IOException {
        LineReader.read(in, (number, text) -> {
            if (text.isBlank()) {
                return;
            }
            try {
                AuditEvent event = fromJson(JSON.readTree(text));
                if (!event.time().isBefore(since)) {
                    events.add(event);
                }
            } catch (JsonProcessingException | RuntimeException e) {
                skipped.add(file + ":" + number + ": damaged record, skipped");
            }
        }, number -> skipped.add(file + ":" + number + ": bytes that are not UTF-8, record skipped"));
    }

    static ObjectNode toJson(AuditEvent e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", e.time().toString());
        node.put("id", e.actionId());
        node.put("event", e.event());
        node.put("cluster", e.cluster());
        node.put("actor", e.actor());
        node.put("dryRun", e.dryRun());
        node.set("details", JSON.valueToTree(e.details()));
        return node;
    }

    static AuditEvent fromJson(JsonNode node) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("details").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            details.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class));
        }
        return new AuditEvent(Instant.parse(node.get("time").asText()), node.get("id").asText(), node.get("event").asText(),
                node.get("cluster").asText(), node.get("actor").asText(), node.get("dryRun").asBoolean(), details);
    }

    private List<Path> rotatedInOrder() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> listing = Files.list(dir)) {
            listing.map(p -> p.getFileName().toString()).map(ROTATED::matcher).filter(Matcher::matches)
                    .sorted(java.util.Comparator.comparingLong(m -> Long.parseLong(m.group(1))))
                    .forEach(m -> files.add(dir.resolve(m.group())));
        }
        return files;
    }

    private long lastRotation() throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(p -> ROTATED.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
        }
    }
}
