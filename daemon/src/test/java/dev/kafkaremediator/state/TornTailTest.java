package dev.kafkaremediator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornTailTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aTornLastLineIsSetAsideAndCutSoTheNextAppendStartsClean() throws Exception {
        Path file = dir.resolve("f.jsonl");
        Files.writeString(file, "{\"a\":1}\n{\"b\":", StandardCharsets.UTF_8);

        Optional<TornTail.Repair> repair = TornTail.repair(file, NOW);

        assertThat(repair).isPresent();
        assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n");
        assertThat(repair.get().setAside().getFileName().toString()).isEqualTo("f.jsonl.damaged-20261125T120000Z");
        assertThat(Files.readString(repair.get().setAside())).isEqualTo("{\"b\":");
        assertThat(repair.get().bytes()).isEqualTo(5);
        assertThat(TornTail.repair(file, NOW)).as("once").isEmpty();
    }

    @Test
    void aFileWithoutAnyNewlineIsSetAsideWholeAndASecondTearGetsItsOwnName() throws Exception {
        Path file = dir.resolve("f.jsonl");
        Files.writeString(file, "x".repeat(20_000), StandardCharsets.UTF_8);
        assertThat(TornTail.repair(file, NOW).orElseThrow().bytes()).isEqualTo(20_000);
        assertThat(Files.size(file)).isZero();
        Files.writeString(file, "y", StandardCharsets.UTF_8);
        assertThat(TornTail.repair(file, NOW).orElseThrow().setAside().getFileName().toString()).endsWith("-2");
    }

    @Test
    void aWholeFileOrNoFileIsLeftAlone() throws Exception {
        assertThat(TornTail.repair(dir.resolve("none"), NOW)).isEmpty();
        Path file = dir.resolve("f.jsonl");
        Files.writeString(file, "{}\n", StandardCharsets.UTF_8);
        assertThat(TornTail.repair(file, NOW)).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("{}\n");
    }
}
