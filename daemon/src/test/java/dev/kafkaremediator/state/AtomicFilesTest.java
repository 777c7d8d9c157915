package dev.kafkaremediator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileWholeAndLeavesNothingBehind() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "old", StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(names()).containsExactly("c.json");
    }

    @Test
    void aWriteCutShortLeavesTheOldFileWholeAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "old", StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the ne".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names()).containsExactly("c.json");
    }

    @Test
    void aStreamClosedByItsWriterIsStillForcedToDisk() throws Exception {
        Path file = dir.resolve("new-dir").resolve("c.json");
        AtomicFiles.write(file, out -> {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
            out.close(); // as Jackson does
        });
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    private Stream<String> names() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).toList().stream();
    }
}
