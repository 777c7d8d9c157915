package dev.kafkaremediator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.state.StateWriteLock;
import dev.kafkaremediator.time.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileActionLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final ActionLimits ONE_HOUR = new ActionLimits(true, Duration.ofHours(1), 10);

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(T0);

    private FileActionLedger ledger(StateWriteLock lock) {
        return new FileActionLedger(dir.resolve("actions"), clock, lock);
    }

    private FileActionLedger ledger() {
        return ledger(StateWriteLock.in(dir));
    }

    @Test
    void bytesThatAreNotUtf8CostOneEntryAndTheGuardStillAnswers() throws Exception {
        ledger().record("c", "trim", "topics t", T0.minusSeconds(60));
        Files.write(dir.resolve("actions").resolve("c.jsonl"), new byte[] {'{', (byte) 0xfe, '}', '\n'}, StandardOpenOption.APPEND);

        Verdict verdict = new CooldownGuard(ledger()).check("c", "trim", "topics t", ONE_HOUR, T0);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString().contains("ran at " + T0.minusSeconds(60));
    }

    @Test
    void aTornLastEntryDoesNotSwallowTheNextRun() throws Exception {
        ledger().record("c", "trim", "topics t", T0.minusSeconds(7200));
        Files.writeString(dir.resolve("actions").resolve("c.jsonl"), "{\"at\":\"2026-11-25T11:", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ledger().record("c", "trim", "topics t", T0);

        assertThat(ledger().runs("c", "trim", "topics t", Instant.EPOCH)).containsExactly(T0.minusSeconds(7200), T0);
    }

    @Test
    void aRunFromTheFutureHoldsItsCooldownFromNowNotUntilItsDate() throws Exception {
        ledger().record("c", "trim", "topics t", T0.plus(Duration.ofDays(30)));
        CooldownGuard guard = new CooldownGuard(ledger());

        assertThat(guard.check("c", "trim", "topics t", ONE_HOUR, T0).allowed()).as("counted as run now").isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(guard.check("c", "trim", "topics t", ONE_HOUR, clock.instant()).allowed()).as("one cooldown later").isTrue();
        assertThat(Files.readAllLines(dir.resolve("actions").resolve("c.jsonl"))).as("corrected once, the original kept").hasSize(2)
                .last().asString().contains("\"corrects\":\"" + T0.plus(Duration.ofDays(30)) + "\"");
    }

    @Test
    void twoThreadsCheckingAndRecordingTheSameActionRunItOnce() throws Exception {
        StateWriteLock lock = StateWriteLock.in(dir);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Verdict>> runners = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new CooldownGuard(ledger(lock)).checkAndRecord("c", "trim", "topics t", ONE_HOUR, T0, false);
        })).toList();
        start.countDown();

        assertThat(runners.stream().map(CompletableFuture::join).filter(Verdict::allowed).count()).isEqualTo(1);
        assertThat(ledger(lock).runs("c", "trim", "topics t", Instant.EPOCH)).containsExactly(T0);
    }

    @Test
    void aForcedRunIsRecordedPastTheCooldown() {
        FileActionLedger ledger = ledger();
        ledger.record("c", "trim", "topics t", T0.minusSeconds(60));
        Verdict verdict = new CooldownGuard(ledger).checkAndRecord("c", "trim", "topics t", ONE_HOUR, T0, true);
        assertThat(verdict.allowed()).isFalse();
        assertThat(ledger.runs("c", "trim", "topics t", Instant.EPOCH)).containsExactly(T0.minusSeconds(60), T0);
    }
}
