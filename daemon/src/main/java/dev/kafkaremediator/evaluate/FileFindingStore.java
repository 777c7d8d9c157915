package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.history.HistoryException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kafkaremediator.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open findings as one JSON file per cluster, replaced atomically ({@link AtomicFiles}: a crash
 * mid-save leaves the old file or the new one, whole). A damaged file is reported and
 * treated as "no open findings": problems then show as new, which is the safe direction.
 */
public final class FileFindingStore implements FindingStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public FileFindingStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized Map<String, OpenFinding> load(String cluster) throws HistoryException {
        Path file = dir.resolve(cluster + ".json");
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            List<OpenFinding> list = JSON.readValue(file.toFile(), new TypeReference<List<OpenFinding>>() { });
            Map<String, OpenFinding> out = new LinkedHashMap<>();
            list.forEach(o -> out.put(o.key(), o));
            return out;
        } catch (IOException e) {
            throw new HistoryException("open findings " + file + " unreadable (" + e.getMessage() + "); starting with none", e);
        }
    }

    @Override
    public synchronized void save(String cluster, Map<String, OpenFinding> open) throws HistoryException {
        Path file = dir.resolve(cluster + ".json");
        try {
            AtomicFiles.write(file, out -> JSON.writeValue(out, List.copyOf(open.values())));
        } catch (IOException e) {
            throw new HistoryException("cannot write open findings " + file + ": " + e.getMessage(), e);
        }
    }
}
