package dev.kafkaremediator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileWhereTheStateDirectoryShouldBeIsNamedAsSuch() throws Exception {
        Files.writeString(dir.resolve("state"), "x");

        IOException e = assertThrows(IOException.class, () -> StateFiles.createDirectories(dir.resolve("state").resolve("audit")));

        assertEquals(dir.resolve("state") + ": a file where a directory should be (move it aside)", StateFiles.describe(e));
    }

    @Test
    void aBarePathGetsItsReason() {
        assertEquals("/s/audit.jsonl: permission denied", StateFiles.describe(new AccessDeniedException("/s/audit.jsonl")));
        assertThat(StateFiles.describe(new IOException("No space left on device"))).isEqualTo("No space left on device");
    }
}
