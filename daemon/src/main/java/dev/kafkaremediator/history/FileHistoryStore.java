package dev.kafkaremediator.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kafkaremediator.state.AtomicFiles;
import dev.kafkaremediator.state.StateFiles;
import dev.kafkaremediator.state.FutureDated;
import dev.kafkaremediator.state.LineReader;
import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.state.TornTail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History as JSON lines, one file per cluster and UTC day ({@code <dir>/<cluster>/2026-11-25.jsonl}),
 * each line {@code <crc32 hex> <json>}. A line whose checksum does not match (a torn write after a
 * crash, an edit) is skipped and reported. Files older than the retention are deleted when a new
 * day begins, which bounds the history (30 days at one sample a minute by default).
 *
 * <p>Appends hold the state directory's write lock (the daemon and {@code status} both record);
 * a torn last line is set aside before the next append ({@link TornTail}); a line that is not
 * UTF-8 costs that line only. A sample dated in the future (written while the clock was ahead) is
 * reported once and ignored for the minimum interval, which would otherwise stop recording until
 * that date; reads skip it and say so, or it would be every rate's newest point until then.
 */
public final class FileHistoryStore implements HistoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileHistoryStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final Duration retention;
    private final Duration minInterval;
    private final Clock clock;
    private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();
    private final Map<String, LocalDate> lastPruned = new ConcurrentHashMap<>();
    private final Set<String> reportedFuture = ConcurrentHashMap.newKeySet();
    private final StateWriteLock lock;

    /** {@code lock}: the state directory's write lock, shared with every other store of that directory in this process. */
    public FileHistoryStore(Path dir, Duration retention, Duration minInterval, Clock clock, StateWriteLock lock) {
        this.dir = dir;
        this.retention = retention;
        this.minInterval = minInterval;
        this.clock = clock;
        this.lock = lock;
    }

    @Override
    public synchronized boolean append(String cluster, Sample sample) throws HistoryException {
        Path clusterDir = dir.resolve(cluster);
        Instant now = clock.instant();
        Instant last = lastRecorded.computeIfAbsent(cluster, c -> newestRecorded(cluster, clusterDir, now));
        if (FutureDated.isFuture(last, now)) {
            // Recorded in this process while the clock was ahead, and the clock has since stepped back.
            reportFuture(cluster, last, now);
            last = newestRecorded(cluster, clusterDir, now);
        }
        if (sample.time().isBefore(last.plus(minInterval))) {
            return false;
        }
        LocalDate day = LocalDate.ofInstant(sample.time(), ZoneOffset.UTC);
        Path file = clusterDir.resolve(day + SUFFIX);
        byte[] line = (encode(sample) + "\n").getBytes(StandardCharsets.UTF_8);
        try (StateWriteLock.Held held = lock.hold()) {
            StateFiles.createDirectories(clusterDir);
            TornTail.repair(file, now);
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            if (created) {
                AtomicFiles.syncDirectory(clusterDir);
            }
        } catch (IOException e) {
            throw new HistoryException("cannot append to the history " + file + ": " + StateFiles.describe(e), e);
        }
        lastRecorded.put(cluster, sample.time());
        if (!day.equals(lastPruned.get(cluster))) {
            prune(clusterDir, day);
            lastPruned.put(cluster, day);
        }
        return true;
    }

    @Override
    public HistoryRead read(String cluster, Instant since) throws HistoryException {
        Path clusterDir = dir.resolve(cluster);
        List<Sample> samples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        LocalDate firstDay = LocalDate.ofInstant(since, ZoneOffset.UTC);
        Instant now = clock.instant();
        for (Map.Entry<LocalDate, Path> e : dayFiles(clusterDir).entrySet()) {
            if (e.getKey().isBefore(firstDay)) {
                continue;
            }
            Path file = e.getValue();
            try (InputStream in = Files.newInputStream(file)) {
                LineReader.read(in, (number, line) -> {
                    if (line.isBlank()) {
                        return;
                    }
                    try {
                        Sample sample = decode(line);
                        if (FutureDated.isFuture(sample.time(), now)) {
                            // Read as the newest sample, it would be every rate's and forecast's end point until that date.
                            skipped.add(file + ":" + number + ": dated " + sample.time() + ", after now (written while the clock was ahead), skipped");
                        } else if (!sample.time().isBefore(since)) {
                            samples.add(sample);
                        }
                    } catch (IllegalArgumentException ex) {
                        skipped.add(file + ":" + number + ": " + ex.getMessage() + ", skipped");
                    }
                }, number -> skipped.add(file + ":" + number + ": bytes that are not UTF-8, skipped"));
            } catch (IOException ex) {
                skipped.add(file + ": unreadable (" + StateFiles.describe(ex) + "), skipped");
            }
        }
        samples.sort(java.util.Comparator.comparing(Sample::time));
        return new HistoryRead(samples, skipped);
    }

    static String encode(Sample sample) {
        ObjectNode node = JSON.createObjectNode();
        node.put("t", sample.time().toString());
        ObjectNode values = node.putObject("v");
        new TreeMap<>(sample.values()).forEach(values::put);
        String json = node.toString();
        return crc(json) + " " + json;
    }

    static Sample decode(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            throw new IllegalArgumentException("no checksum (truncated or not a history record)");
        }
        String json = line.substring(space + 1);
        if (!line.substring(0, space).equals(crc(json))) {
            throw new IllegalArgumentException("checksum mismatch (torn or edited record)");
        }
        try {
            JsonNode node = JSON.readTree(json);
            Instant time = Instant.parse(node.get("t").asText());
            Map<String, Double> values = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("v").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.put(field.getKey(), field.getValue().asDouble());
            }
            return new Sample(time, values);
        } catch (JsonProcessingException | NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed record (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String crc(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /**
     * The time of the newest readable record not dated in the future, so the minimum interval holds
     * across a restart and a sample written while the clock was ahead does not stop recording.
     */
    private Instant newestRecorded(String cluster, Path clusterDir, Instant now) {
        TreeMap<LocalDate, Path> files = dayFiles(clusterDir);
        for (Path file : files.descendingMap().values()) {
            Instant[] newest = {Instant.MIN};
            Instant[] future = {null};
            try (InputStream in = Files.newInputStream(file)) {
                LineReader.read(in, (number, line) -> {
                    try {
                        Instant time = decode(line).time();
                        if (FutureDated.isFuture(time, now)) {
                            future[0] = future[0] == null || time.isAfter(future[0]) ? time : future[0];
                        } else if (time.isAfter(newest[0])) {
                            newest[0] = time;
                        }
                    } catch (IllegalArgumentException damaged) {
                        // reported by read; says nothing about the last sample
                    }
                }, number -> { });
            } catch (IOException unreadable) {
                // an unreadable file says nothing about the last sample
            }
            if (future[0] != null) {
                reportFuture(cluster, future[0], now);
            }
            if (!newest[0].equals(Instant.MIN)) {
                return newest[0];
            }
        }
        return Instant.MIN;
    }

    private void reportFuture(String cluster, Instant stored, Instant now) {
        if (reportedFuture.add(cluster)) {
            LOG.warn("cluster={} history holds a sample dated {}, after now ({}): written while the clock was ahead; it is ignored for the "
                    + "minimum interval and recording goes on", cluster, stored, now);
        }
    }

    private void prune(Path clusterDir, LocalDate today) {
        LocalDate oldestKept = LocalDate.ofInstant(clock.instant().minus(retention), ZoneOffset.UTC);
        dayFiles(clusterDir).headMap(oldestKept).values().forEach(file -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // retried at the next day's first sample
            }
        });
    }

    private static TreeMap<LocalDate, Path> dayFiles(Path clusterDir) {
        TreeMap<LocalDate, Path> files = new TreeMap<>();
        if (!Files.isDirectory(clusterDir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(clusterDir, "*" + SUFFIX)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                try {
                    files.put(LocalDate.parse(name.substring(0, name.length() - SUFFIX.length())), file);
                } catch (DateTimeParseException notOurs) {
                    // not a day file: left alone
                }
            }
        } catch (IOException e) {
            return files;
        }
        return files;
    }
}
