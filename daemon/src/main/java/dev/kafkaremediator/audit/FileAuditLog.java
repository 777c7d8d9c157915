package dev.kafkaremediator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit log as JSON lines in {@code <dir>/audit.jsonl}, each record written and synced before
 * {@link #append} returns. When the file passes {@code maxBytes} it is renamed to
 * {@code audit-<n>.jsonl} (n increasing) and a new file begins; the rename is atomic and happens
 * between two records, so rotation never loses or splits one. Old files are never deleted here:
 * an audit trail is the operator's to archive.
 */
public final class FileAuditLog implements AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROTATED = Pattern.compile("audit-(\\d+)\\.jsonl");
    private static final String CURRENT = "audit.jsonl";

    private final Path dir;
    private final long maxBytes;

    public FileAuditLog(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    public static FileAuditLog in(Path stateDir) {
        return new FileAuditLog(stateDir.resolve("audit"), 64L * 1024 * 1024);
    }

    public Path currentFile() {
        return dir.resolve(CURRENT);
    }

    @Override
    public synchronized void append(AuditEvent event) throws AuditException {
        Path file = currentFile();
        byte[] line = (toJson(event).toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(dir);
            if (Files.exists(file) && Files.size(file) + line.length > maxBytes && Files.size(file) > 0) {
                Files.move(file, dir.resolve("audit-" + (lastRotation() + 1) + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new AuditException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Read read(Instant since) throws AuditException {
        List<AuditEvent> events = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : filesInOrder()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AuditException("cannot read the audit log " + file + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    AuditEvent event = fromJson(JSON.readTree(lines.get(i)));
                    if (!event.time().isBefore(since)) {
                        events.add(event);
                    }
                } catch (JsonProcessingException | RuntimeException e) {
                    skipped.add(file + ":" + (i + 1) + ": damaged record, skipped");
                }
            }
        }
        return new Read(events, skipped);
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

    private List<Path> filesInOrder() throws AuditException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> listing = Files.list(dir)) {
            listing.map(p -> p.getFileName().toString()).map(ROTATED::matcher).filter(Matcher::matches)
                    .sorted(java.util.Comparator.comparingLong(m -> Long.parseLong(m.group(1))))
                    .forEach(m -> files.add(dir.resolve(m.group())));
        } catch (IOException e) {
            throw new AuditException("cannot list the audit directory " + dir + ": " + e.getMessage(), e);
        }
        if (Files.exists(currentFile())) {
            files.add(currentFile());
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
