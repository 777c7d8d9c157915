package dev.kafkaremediator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.time.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHistoryStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(T0);

    private FileHistoryStore store() {
        return new FileHistoryStore(dir, Duration.ofDays(30), Duration.ofMinutes(1), clock, StateWriteLock.in(dir));
    }

    @Test
    void samplesSurviveANewStoreInstance() throws Exception {
        store().append("local", new Sample(T0, Map.of("broker.1.producer-ids", 100.0)));
        store().append("local", new Sample(T0.plusSeconds(60), Map.of("broker.1.producer-ids", 160.0)));

        HistoryStore.HistoryRead read = store().read("local", T0.minusSeconds(1));
        assertEquals(List.of(100.0, 160.0), read.samples().stream().map(s -> s.values().get("broker.1.producer-ids")).toList());
        assertThat(read.skipped()).isEmpty();
    }

    @Test
    void theMinimumIntervalHoldsAcrossARestart() throws Exception {
        assertTrue(store().append("local", new Sample(T0, Map.of("x", 1.0))));
        assertFalse(store().append("local", new Sample(T0.plusSeconds(59), Map.of("x", 2.0))), "59 s after: skipped");
        assertTrue(store().append("local", new Sample(T0.plusSeconds(60), Map.of("x", 3.0))), "60 s after: recorded");
    }

    @Test
    void aTornOrEditedRecordIsSkippedAndReportedNotFatal() throws Exception {
        FileHistoryStore store = store();
        store.append("local", new Sample(T0, Map.of("x", 1.0)));
        Path file = dir.resolve("local").resolve("2026-11-25.jsonl");
        String good = Files.readString(file);
        Files.writeString(file, good.replace("1.0", "9.0") + good.substring(0, 20), StandardCharsets.UTF_8);
        Files.writeString(file, "\n" + FileHistoryStore.encode(new Sample(T0.plusSeconds(120), Map.of("x", 2.0))) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        clock.advance(Duration.ofMinutes(2)); // samples are dated by the store's clock: a later one is from the future

        HistoryStore.HistoryRead read = store().read("local", T0.minusSeconds(1));

        assertEquals(List.of(2.0), read.samples().stream().map(s -> s.values().get("x")).toList());
        assertThat(read.skipped()).hasSize(2);
        assertThat(read.skipped().get(0)).contains("2026-11-25.jsonl:1: checksum mismatch");
        assertThat(read.skipped().get(1)).contains("2026-11-25.jsonl:2:");
    }

    @Test
    void daysOlderThanTheRetentionAreDeleted() throws Exception {
        FileHistoryStore store = new FileHistoryStore(dir, Duration.ofDays(2), Duration.ofMinutes(1), clock, StateWriteLock.in(dir));
        store.append("local", new Sample(T0, Map.of("x", 1.0)));
        clock.advance(Duration.ofDays(3));
        store.append("local", new Sample(clock.instant(), Map.of("x", 2.0)));

        assertFalse(Files.exists(dir.resolve("local").resolve("2026-11-25.jsonl")));
        assertTrue(Files.exists(dir.resolve("local").resolve("2026-11-28.jsonl")));
    }

    @Test
    void readReturnsOnlySamplesSinceTheGivenInstant() throws Exception {
        FileHistoryStore store = store();
        for (int i = 0; i < 5; i++) {
            store.append("local", new Sample(T0.plus(Duration.ofMinutes(i)), Map.of("x", (double) i)));
        }
        clock.advance(Duration.ofMinutes(4));
        assertEquals(3, store.read("local", T0.plus(Duration.ofMinutes(2))).samples().size());
    }

    @Test
    void aTornLastLineDoesNotSwallowTheNextSample() throws Exception {
        FileHistoryStore store = store();
        store.append("local", new Sample(T0, Map.of("x", 1.0)));
        Path file = dir.resolve("local").resolve("2026-11-25.jsonl");
        Files.writeString(file, FileHistoryStore.encode(new Sample(T0.plusSeconds(60), Map.of("x", 2.0))).substring(0, 30), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertTrue(store.append("local", new Sample(T0.plusSeconds(120), Map.of("x", 3.0))));
        clock.advance(Duration.ofMinutes(2));

        HistoryStore.HistoryRead read = store().read("local", T0.minusSeconds(1));

        assertEquals(List.of(1.0, 3.0), read.samples().stream().map(s -> s.values().get("x")).toList());
        assertThat(read.skipped()).isEmpty();
        assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("2026-11-25.jsonl.damaged-"));
    }

    @Test
    void bytesThatAreNotUtf8CostOneSampleNotTheDay() throws Exception {
        store().append("local", new Sample(T0, Map.of("x", 1.0)));
        Path file = dir.resolve("local").resolve("2026-11-25.jsonl");
        Files.write(file, new byte[] {'0', '0', (byte) 0xff, '\n'}, StandardOpenOption.APPEND);
        store().append("local", new Sample(T0.plusSeconds(60), Map.of("x", 2.0)));

        HistoryStore.HistoryRead read = store().read("local", T0.minusSeconds(1));

        assertEquals(List.of(1.0, 2.0), read.samples().stream().map(s -> s.values().get("x")).toList());
        assertThat(read.skipped()).singleElement().asString().contains("2026-11-25.jsonl:2", "not UTF-8");
    }

    @Test
    void aSampleFromTheFutureDoesNotStopRecordingAfterARestart() throws Exception {
        FakeClock ahead = new FakeClock(T0.plus(Duration.ofDays(3)));
        new FileHistoryStore(dir, Duration.ofDays(30), Duration.ofMinutes(1), ahead, StateWriteLock.in(dir))
                .append("local", new Sample(ahead.instant(), Map.of("x", 9.0)));

        assertTrue(store().append("local", new Sample(T0, Map.of("x", 1.0))), "the clock is back: recording goes on");
        assertFalse(store().append("local", new Sample(T0.plusSeconds(59), Map.of("x", 2.0))), "the minimum interval still holds");
        assertTrue(store().append("local", new Sample(T0.plusSeconds(60), Map.of("x", 3.0))));
    }

    @Test
    void aSampleFromTheFutureIsSkippedAndSaidOnRead() throws Exception {
        FakeClock ahead = new FakeClock(T0.plus(Duration.ofDays(3)));
        new FileHistoryStore(dir, Duration.ofDays(30), Duration.ofMinutes(1), ahead, StateWriteLock.in(dir))
                .append("local", new Sample(ahead.instant(), Map.of("x", 9.0)));
        store().append("local", new Sample(T0, Map.of("x", 1.0)));

        HistoryStore.HistoryRead read = store().read("local", T0.minusSeconds(1));

        assertEquals(List.of(1.0), read.samples().stream().map(s -> s.values().get("x")).toList());
        assertThat(read.skipped()).singleElement().asString().contains("2026-11-28.jsonl:1", "after now");
    }

    @Test
    void aClockThatStepsBackDoesNotStopARunningStore() throws Exception {
        FileHistoryStore store = store();
        clock.advance(Duration.ofHours(5));
        assertTrue(store.append("local", new Sample(clock.instant(), Map.of("x", 9.0))));
        clock.advance(Duration.ofHours(-5));

        assertTrue(store.append("local", new Sample(T0, Map.of("x", 1.0))));
        assertFalse(store.append("local", new Sample(T0.plusSeconds(30), Map.of("x", 2.0))));
    }
}
