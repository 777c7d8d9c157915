package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaremediator.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * #22 point 10: /health's view of the state database comes from a reading in the background; a
 * database that holds each read for its connection timeout makes /health say so within a second,
 * without waiting for it.
 */
class SharedStateProbeTest {
    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void aReadingThatHangsIsReportedAfterOneSecondAndTheAnswerNeverWaitsForIt() throws Exception {
        FakeClock clock = new FakeClock(T0);
        AtomicReference<CountDownLatch> hang = new AtomicReference<>();
        CountDownLatch entered = new CountDownLatch(1);
        try (SharedStateProbe probe = new SharedStateProbe(() -> {
            CountDownLatch latch = hang.get();
            if (latch != null) {
                entered.countDown();
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Connection is not available, request timed out after 10000ms");
            }
            return Map.of("prod", T0);
        }, clock, Duration.ofMillis(20))) {
            assertThat(probe.current().problem()).isEmpty();
            assertThat(probe.current().lastReached()).containsEntry("prod", T0);

            CountDownLatch release = new CountDownLatch(1);
            hang.set(release);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofMillis(1000));
            assertThat(probe.current().problem()).as("one second exactly: still the last reading").isEmpty();
            clock.advance(Duration.ofMillis(1));
            assertThat(probe.current().problem()).hasValueSatisfying(p -> assertThat(p).contains("has not answered for 1001 ms"));

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.current().problem().map(p -> p.contains("does not answer: Connection is not available"))
                    .orElse(false));

            hang.set(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.current().problem().isEmpty());
        }
    }
}
