package dev.kafkaremediator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One daemon per state directory (#13 point 8): a second one is refused with the holder's PID. */
class StateDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderInThisProcessIsRefusedWithOurPid() throws Exception {
        try (StateDirectoryLock held = StateDirectoryLock.acquire(dir)) {
            assertThat(Files.readString(held.file(), StandardCharsets.US_ASCII).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            StateDirectoryBusyException e = assertThrows(StateDirectoryBusyException.class, () -> StateDirectoryLock.acquire(dir));
            assertThat(e.holderPid()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            assertThat(e.getMessage()).contains(dir.toString(), "pid " + ProcessHandle.current().pid());
        }
        StateDirectoryLock.acquire(dir).close(); // released: free again, although the file stays
    }

    @Test
    void anotherProcessHoldingItIsNamedByItsPid() throws Exception {
        try (ChildJvm child = ChildJvm.start(HoldLockMain.class, "dir", dir.toString())) {
            assertThat(child.nextLine()).isEqualTo("held");
            StateDirectoryBusyException e = assertThrows(StateDirectoryBusyException.class, () -> StateDirectoryLock.acquire(dir));
            assertThat(e.holderPid()).isEqualTo(String.valueOf(child.pid()));
            child.proceed();
            assertThat(child.nextLine()).isEqualTo("released");
            child.awaitExit();
        }
        StateDirectoryLock.acquire(dir).close();
    }

    @Test
    void aDeadHoldersFileDoesNotBlock() throws Exception {
        Files.writeString(dir.resolve(StateDirectoryLock.FILE), "999999\n", StandardCharsets.US_ASCII);
        try (StateDirectoryLock held = StateDirectoryLock.acquire(dir)) {
            assertThat(Files.readString(held.file()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        }
    }
}
