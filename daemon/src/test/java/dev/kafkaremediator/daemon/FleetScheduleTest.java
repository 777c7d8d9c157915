package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A fleet's cluster jobs are spread over the interval, not all due at one instant; a late firing runs late rather than a round later. */
class FleetScheduleTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aThousandClustersAreSpreadEvenlyOverTheInterval() {
        int[] perSixSeconds = new int[10];
        for (int i = 1; i <= 1000; i++) {
            Duration delay = ClusteredScheduler.firstRunDelay(String.format("fleet-%03d", i), 1000, MINUTE);
            assertThat(delay).isBetween(Duration.ZERO, MINUTE.minusMillis(1));
            perSixSeconds[(int) (delay.toMillis() / 6000)]++;
        }
        // 100 a bucket if even; sequential names must not pile up.
        assertThat(java.util.Arrays.stream(perSixSeconds).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(70, 130));
    }

    @Test
    void aFewClustersStartWithinASecondAndEveryInstanceAgrees() {
        for (int i = 0; i < 20; i++) {
            String name = "cluster-" + i;
            assertThat(ClusteredScheduler.firstRunDelay(name, 3, MINUTE)).isLessThan(Duration.ofMillis(300))
                    .isEqualTo(ClusteredScheduler.firstRunDelay(name, 3, MINUTE));
        }
        assertThat(ClusteredScheduler.firstRunDelay("only", 1, Duration.ofSeconds(2))).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void theSpreadNeverExceedsOneInterval() {
        assertThat(IntStream.range(0, 5000).mapToObj(i -> ClusteredScheduler.firstRunDelay("c" + i, 5000, Duration.ofSeconds(10))))
                .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(10)));
    }

    @Test
    void aFiringMayBeLateByHalfAnIntervalAtLeastFiveSeconds() {
        assertThat(ClusteredScheduler.misfireThreshold(MINUTE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ClusteredScheduler.misfireThreshold(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ClusteredScheduler.misfireThreshold(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(5));
    }
}
