package dev.kafkaremediator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import dev.kafkaremediator.state.StateWriteLock;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest {
    @TempDir
    Path dir;

    @Test
    void rotationKeepsEveryRecordInOrder() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, 600, StateWriteLock.in(dir), Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:00Z").plusSeconds(i), "act-" + i, "plan", "c", "daemon", false, Map.of("n", i)));
        }
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith("audit-")).count()).isGreaterThan(3);
        AuditLog.Read read = new FileAuditLog(dir, 600, StateWriteLock.in(dir), Clock.systemUTC()).read(Instant.EPOCH);
        assertEquals(50, read.events().size());
        for (int i = 0; i < 50; i++) {
            assertEquals("act-" + i, read.events().get(i).actionId());
        }
    }

    @Test
    void aDamagedLineIsSkippedAndReported() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, 1 << 20, StateWriteLock.in(dir), Clock.systemUTC());
        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:00Z"), "a", "plan", "c", "daemon", true, Map.of()));
        Files.writeString(log.currentFile(), "{\"time\": \"torn\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:01Z"), "b", "end", "c", "daemon", true, Map.of()));
        AuditLog.Read read = log.read(Instant.EPOCH);
        assertThat(read.events()).extracting(AuditEvent::actionId).containsExactly("a", "b");
        assertThat(read.skipped()).singleElement().asString().contains("audit.jsonl:2");
    }

    @Test
    void aTornLastLineIsSetAsideOnceAndTheNextRecordIsWhole() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, 1 << 20, StateWriteLock.in(dir), Clock.systemUTC());
        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:00Z"), "a", "plan", "c", "daemon", true, Map.of()));
        Files.writeString(log.currentFile(), "{\"time\":\"2026-11-25T12:00:01Z\",\"id\":\"cut", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(log.read(Instant.EPOCH).skipped()).as("a read says nothing: it may be an append in progress").isEmpty();

        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:02Z"), "b", "end", "c", "daemon", true, Map.of()));
        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:03Z"), "c", "end", "c", "daemon", true, Map.of()));

        AuditLog.Read read = log.read(Instant.EPOCH);
        assertThat(read.skipped()).isEmpty();
        assertThat(read.events()).extracting(AuditEvent::event).containsExactly("plan", FileAuditLog.REPAIRED, "end", "end");
        assertThat(read.events().get(1).details()).containsEntry("bytes", 40);
        Path aside = Path.of((String) read.events().get(1).details().get("setAside"));
        assertThat(Files.readString(aside)).isEqualTo("{\"time\":\"2026-11-25T12:00:01Z\",\"id\":\"cut");
    }

    @Test
    void bytesThatAreNotUtf8CostOneRecordNotTheLog() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, 1 << 20, StateWriteLock.in(dir), Clock.systemUTC());
        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:00Z"), "a", "plan", "c", "daemon", true, Map.of()));
        Files.write(log.currentFile(), new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}', '\n'}, StandardOpenOption.APPEND);
        log.append(new AuditEvent(Instant.parse("2026-11-25T12:00:01Z"), "b", "end", "c", "daemon", true, Map.of()));

        AuditLog.Read read = log.read(Instant.EPOCH);

        assertThat(read.events()).extracting(AuditEvent::actionId).containsExactly("a", "b");
        assertThat(read.skipped()).singleElement().asString().contains("audit.jsonl:2", "not UTF-8");
    }
}
