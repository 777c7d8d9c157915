package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CensusPermitsTest {
    @Test
    void theHeapSetsHowManyBatchesMayBeInFlightAtLeastOne() {
        assertThat(CensusPermits.forHeap(46L << 20).count()).as("the launcher's 48 MB: one batch at a time").isEqualTo(1);
        assertThat(CensusPermits.forHeap(16L << 20).count()).isEqualTo(1);
        assertThat(CensusPermits.forHeap(128L << 20).count()).isEqualTo(4);
        assertThat(CensusPermits.forHeap(1L << 30).count()).isEqualTo(41);
        assertThrows(IllegalArgumentException.class, () -> CensusPermits.of(0));
    }

    @Test
    void aTurnIsWaitedForWithinItsTimeAndGivenBackWhenClosed() throws Exception {
        CensusPermits permits = CensusPermits.of(1);
        CensusPermits.Turn first = permits.take(Duration.ZERO);
        assertThat(first).isNotNull();
        assertThat(permits.take(Duration.ofMillis(20))).as("the one batch allowed is in flight").isNull();
        first.close();
        try (CensusPermits.Turn second = permits.take(Duration.ZERO)) {
            assertThat(second).isNotNull();
        }
        assertThat(permits.take(Duration.ZERO)).isNotNull();
    }
}
