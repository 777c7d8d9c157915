package dev.kafkaremediator.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The ledger as JSON lines per cluster; unreadable lines are ignored (a run forgotten is a cooldown shortened, noted in the audit). */
public final class FileActionLedger implements ActionLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public FileActionLedger(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized List<Instant> runs(String cluster, String action, String target, Instant since) {
        Path file = dir.resolve(cluster + ".jsonl");
        List<Instant> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode node = JSON.readTree(line);
                    Instant at = Instant.parse(node.get("at").asText());
                    if (node.get("action").asText().equals(action) && node.get("target").asText().equals(target) && !at.isBefore(since)) {
                        out.add(at);
                    }
                } catch (IOException | RuntimeException damaged) {
                    // skipped: see the class comment
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the action ledger " + file, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public synchronized void record(String cluster, String action, String target, Instant at) {
        Path file = dir.resolve(cluster + ".jsonl");
        ObjectNode node = JSON.createObjectNode().put("at", at.toString()).put("action", action).put("target", target);
        try {
            Files.createDirectories(dir);
            Files.writeString(file, node + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the action ledger " + file, e);
        }
    }
}
