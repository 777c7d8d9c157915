package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged roll journal is reported with the way out, never a null-pointer trace. */
class FileRollJournalTest {
    @TempDir
    Path dir;

    @Test
    void aJournalWhoseOrderAndBrokersDisagreeIsRefusedWithTheWayOut() throws Exception {
        Files.writeString(dir.resolve("c.json"), """
                {"id":"roll-1","cluster":"c","started":"2026-11-25T12:00:00Z","order":[1,2,3],
                 "brokers":{"1":{"state":"DONE","since":"2026-11-25T12:00:00Z","attempts":1,"note":""}},"status":"RUNNING","note":""}
                """, StandardCharsets.UTF_8);
        ActionFailure e = assertThrows(ActionFailure.class, () -> new FileRollJournal(dir).load("c"));
        assertThat(e.getMessage()).contains("names brokers [2, 3] with no progress recorded").contains("move the file aside")
                .doesNotContain("\n");
    }

    @Test
    void aJournalWithoutItsOrderIsRefusedToo() throws Exception {
        Files.writeString(dir.resolve("c.json"), "{\"id\":\"roll-1\",\"cluster\":\"c\",\"status\":\"RUNNING\"}", StandardCharsets.UTF_8);
        ActionFailure e = assertThrows(ActionFailure.class, () -> new FileRollJournal(dir).load("c"));
        assertThat(e.getMessage()).contains("a roll needs its start time, order, brokers' progress (missing or null)");
    }

    @Test
    void aJournalHoldingNullOrBadBytesIsRefusedWithTheFileToMoveAside() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "null", StandardCharsets.UTF_8);
        ActionFailure e = assertThrows(ActionFailure.class, () -> new FileRollJournal(dir).load("c"));
        assertThat(e.getMessage()).contains("mv " + file + " " + file + ".abandoned");
        Files.write(file, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, '"', '}'});
        assertThat(assertThrows(ActionFailure.class, () -> new FileRollJournal(dir).load("c")).getMessage()).contains("mv " + file);
    }
}
