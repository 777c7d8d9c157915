package dev.kafkaremediator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.time.BoundedWait.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedWaitTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final BoundedWait wait = new BoundedWait(clock, clock.pause());

    @Test
    void returnsTheValueOnceTheProbeIsDone() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        String value = wait.until("the third poll", Duration.ofSeconds(10), Duration.ofSeconds(1),
                () -> polls.incrementAndGet() < 3 ? Poll.notYet("poll " + polls.get()) : Poll.done("ready"));
        assertEquals("ready", value);
        assertEquals(3, polls.get());
        assertEquals(Instant.parse("2026-11-25T12:00:02Z"), clock.instant());
    }

    @Test
    void timesOutAtTheDeadlineNamingWhatAndTheLastObservation() {
        WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> wait.until("broker 2 to register",
                Duration.ofSeconds(5), Duration.ofSeconds(2), () -> Poll.notYet("registered: [1, 3]")));
        assertThat(e.getMessage()).isEqualTo("timed out after 5s waiting for broker 2 to register (last seen: registered: [1, 3])");
        // Polls at 0, 2, 4 and a last one exactly at the deadline, never beyond it.
        assertEquals(Instant.parse("2026-11-25T12:00:05Z"), clock.instant());
    }

    @Test
    void aDoneProbeOneMillisecondBeforeTheDeadlineStillCounts() throws Exception {
        Instant deadline = clock.instant().plusSeconds(5);
        String value = wait.until("edge", Duration.ofSeconds(5), Duration.ofMillis(4999),
                () -> clock.instant().isBefore(deadline.minusMillis(1)) ? Poll.notYet("early") : Poll.done("in time"));
        assertEquals("in time", value);
    }

    @Test
    void aFailingProbeIsRetriedAndReportedAsTheLastObservation() {
        WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> wait.until("the admin client",
                Duration.ofSeconds(3), Duration.ofSeconds(1), () -> {
                    throw new IllegalStateException("connection refused");
                }));
        assertThat(e.lastObserved()).isEqualTo("probe failed: IllegalStateException: connection refused");
    }

    @Test
    void aHopelessProbeStopsAtOnce() {
        BoundedWait.Hopeless e = assertThrows(BoundedWait.Hopeless.class, () -> wait.until("broker 1 to start",
                Duration.ofMinutes(1), Duration.ofSeconds(1), () -> {
                    throw new BoundedWait.Hopeless("broker 1 exited during startup");
                }));
        assertEquals("broker 1 exited during startup", e.getMessage());
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), clock.instant());
    }

    @Test
    void aWallClockJumpNeitherEndsAWaitEarlyNorStretchesIt() throws Exception {
        // Elapsed time from its own ticker; the wall clock jumps a day ahead, then a day back, during the wait.
        long[] elapsed = {0};
        Ticker ticker = () -> elapsed[0];
        FakeClock wall = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
        AtomicInteger pauses = new AtomicInteger();
        BoundedWait monotonic = new BoundedWait(wall, d -> {
            elapsed[0] += d.toNanos();
            wall.advance(pauses.incrementAndGet() == 1 ? Duration.ofDays(1) : Duration.ofDays(-1));
        }, ticker);

        WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> monotonic.until("a broker", Duration.ofSeconds(10),
                Duration.ofSeconds(1), () -> Poll.notYet("not yet")));
        assertThat(e.getMessage()).startsWith("timed out after 10s");
        assertEquals(Duration.ofSeconds(10).toNanos(), elapsed[0], "the wait lasted its 10 s, whatever the wall clock said");
        assertEquals(10, pauses.get());
    }

    @Test
    void aDeadlineIsMeasuredInElapsedTime() {
        long[] now = {Long.MAX_VALUE - 5_000_000_000L}; // nanoTime may be anywhere, near overflow included
        Deadline deadline = Deadline.after(Duration.ofSeconds(10), () -> now[0]);
        now[0] += 9_000_000_000L;
        assertThat(deadline.passed()).isFalse();
        assertEquals(Duration.ofSeconds(1), deadline.remaining());
        now[0] += 1_000_000_000L;
        assertThat(deadline.passed()).isTrue();
        assertEquals(Duration.ZERO, deadline.remaining());
    }
}
