package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CensusPermitsTest {
    @Test
    void theHeapSetsHowManyEntriesMayBeReadAtOnce() {
        assertThat(CensusPermits.forHeap(46L << 20).entries()).as("the launcher's 48 MB (46 MB usable): 22 MB / 200 B")
                .isEqualTo((int) ((22L << 20) / 200));
        assertThat(CensusPermits.forHeap(16L << 20).entries()).as("below the baseline a census still runs").isEqualTo(CensusPermits.MIN_ENTRIES);
        assertThat(CensusPermits.forHeap(1L << 30).entries()).isEqualTo((int) (((1L << 30) - (24L << 20)) / 200));
        assertThat(CensusPermits.forHeap(1L << 30).requestEntries()).as("one request stays small on a large heap").isEqualTo(50_000);
        assertThat(CensusPermits.ofEntries(1_000).requestEntries()).isEqualTo(1_000);
        assertThrows(IllegalArgumentException.class, () -> CensusPermits.ofEntries(0));
    }

    @Test
    void aPartitionLargerThanTheBudgetIsRefusedWithTheHeapThatWouldReadIt() {
        CensusPermits permits = CensusPermits.forHeap(46L << 20);
        assertThat(permits.fits(permits.entries())).isTrue();
        assertThat(permits.fits(permits.entries() + 1L)).isFalse();
        assertThat(permits.tooLarge(1_000_000)).contains("1,000,000 producer-state entries expected", "about 190 MB while read",
                "46 MB heap", "not asked, so no OutOfMemoryError", "REMEDIATOR_JAVA_OPTS=-Xmx240m");
    }

    @Test
    void entriesAreWaitedForWithinTheirTimeAndGivenBackWhenClosed() throws Exception {
        CensusPermits permits = CensusPermits.ofEntries(100);
        CensusPermits.Turn first = permits.take(60, Duration.ZERO);
        assertThat(first).isNotNull();
        assertThat(permits.take(60, Duration.ofMillis(20))).as("60 of 100 are in flight").isNull();
        try (CensusPermits.Turn small = permits.take(40, Duration.ZERO)) {
            assertThat(small).as("what is left fits").isNotNull();
        }
        first.close();
        try (CensusPermits.Turn huge = permits.take(1_000_000, Duration.ZERO)) {
            assertThat(huge).as("more than the budget takes the whole budget, not forever").isNotNull();
            assertThat(permits.take(1, Duration.ZERO)).isNull();
        }
        assertThat(permits.take(100, Duration.ZERO)).isNotNull();
    }
}
