package dev.kafkaremediator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.FileAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daemon and CLI writing one state directory at once lose nothing (#13 point 8). */
class StateWriteLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondThreadWaitsForTheFirstInsteadOfFailing() throws Exception {
        StateWriteLock lock = StateWriteLock.in(dir);
        CompletableFuture<Void> second;
        try (StateWriteLock.Held first = lock.hold()) {
            second = CompletableFuture.runAsync(() -> {
                try (StateWriteLock.Held held = lock.hold()) {
                    // taken once the first is released
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
        }
        second.get(); // neither an OverlappingFileLockException nor a hang
    }

    @Test
    void anAppendWaitsWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        FileAuditLog log = FileAuditLog.in(dir);
        try (ChildJvm child = ChildJvm.start(HoldLockMain.class, "write", dir.toString())) {
            assertThat(child.nextLine()).isEqualTo("held");
            CompletableFuture<Void> append = CompletableFuture.runAsync(() -> {
                try {
                    log.append(event("mine"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !append.isDone());
            child.proceed();
            append.get();
        }
        assertThat(log.read(Instant.EPOCH).events()).extracting(AuditEvent::actionId).containsExactly("mine");
    }

    @Test
    void twoProcessesAppendingThroughRotationLoseNothing() throws Exception {
        long maxBytes = 2_000; // a rotation every dozen records
        int each = 150;
        FileAuditLog log = new FileAuditLog(dir.resolve("audit"), maxBytes, StateWriteLock.in(dir), Clock.systemUTC());
        try (ChildJvm child = ChildJvm.start(AppendAuditMain.class, dir.toString(), "child", String.valueOf(each), String.valueOf(maxBytes))) {
            assertThat(child.nextLine()).isEqualTo("started");
            for (int i = 0; i < each; i++) {
                log.append(event("parent-" + i));
            }
            assertThat(child.awaitExit()).isZero();
        }
        AuditLog.Read read = log.read(Instant.EPOCH);
        assertThat(read.skipped()).isEmpty();
        Map<String, Long> ids = read.events().stream().collect(Collectors.groupingBy(AuditEvent::actionId, Collectors.counting()));
        assertThat(ids).hasSize(2 * each).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(Files.list(dir.resolve("audit")).filter(p -> p.getFileName().toString().startsWith("audit-")).count()).isGreaterThan(10);
    }

    private static AuditEvent event(String id) {
        return new AuditEvent(Instant.now(), id, "plan", "c", "test", false, Map.of());
    }

}
