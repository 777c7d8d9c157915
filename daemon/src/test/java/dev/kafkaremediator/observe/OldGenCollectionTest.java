package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.observe.OldGenCollection.Collector;
import dev.kafkaremediator.observe.OldGenCollection.JvmGc;
import dev.kafkaremediator.observe.OldGenCollection.LastGc;
import dev.kafkaremediator.observe.OldGenCollection.Mark;
import dev.kafkaremediator.observe.OldGenCollection.Pool;
import dev.kafkaremediator.observe.OldGenCollection.Selection;
import dev.kafkaremediator.observe.OldGenCollection.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The selection on plain data, shaped as JDK 17's collectors report it over JMX. */
class OldGenCollectionTest {
    private static final Instant STARTED = Instant.parse("2026-11-25T10:00:00Z");
    private static final long MB = 1 << 20;
    private static final Duration BOUND = HeapAfterGc.DEFAULT_MAX_AGE;
    private static final List<String> G1_POOLS = List.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen");

    private static Usage mb(long used) {
        return new Usage(used * MB, 384 * MB);
    }

    /** G1's three heap pools with their CollectionUsage: eden empty after any pause, survivor and old as given. */
    private static List<Pool> g1Pools(long survivorMb, long oldMb) {
        return List.of(new Pool("G1 Eden Space", Optional.of(mb(0))), new Pool("G1 Survivor Space", Optional.of(mb(survivorMb))),
                new Pool("G1 Old Gen", Optional.of(mb(oldMb))));
    }

    private static LastGc gc(long endMs, long oldBeforeMb, long oldAfterMb) {
        return new LastGc(endMs, Map.of("G1 Old Gen", mb(oldBeforeMb), "G1 Eden Space", mb(20)),
                Map.of("G1 Old Gen", mb(oldAfterMb), "G1 Eden Space", mb(0)));
    }

    private static JvmGc g1(long uptimeMs, List<Pool> pools, Optional<LastGc> young, Optional<LastGc> full) {
        return new JvmGc(STARTED, uptimeMs, pools, List.of(new Collector("G1 Young Generation", G1_POOLS, young),
                new Collector("G1 Old Generation", G1_POOLS, full)));
    }

    @Test
    void aMixedPauseThatIsTheYoungCollectorsLastGivesItsTimeAndTheHeapItLeft() {
        // The mixed pause shrank the old generation from 300 to 60 MB and set its CollectionUsage to exactly that.
        Selection s = OldGenCollection.select(g1(600_000, g1Pools(4, 60), Optional.of(gc(590_000, 300, 60)), Optional.empty()),
                Optional.empty(), BOUND);

        HeapAfterGc after = s.afterGc().optional().orElseThrow();
        assertThat(after.bytes()).isEqualTo(64 * MB);
        assertThat(after.collectedAt()).isEqualTo(STARTED.plusMillis(590_000));
        assertThat(after.collection()).isEqualTo("G1 Young Generation (mixed)");
    }

    @Test
    void aBrokerFullOfGarbageAfterYoungPausesDoesNotReadAsHigh() {
        // The old generation holds 330 MB, mostly dead (expired producer state), and young pauses cannot free it:
        // their "after" is 334 MB of 384. The last pause that covered the old generation (a mixed one, remembered
        // from an earlier reading) left 60 MB; that is the answer, not the young pause's 334 MB.
        Mark earlier = new Mark(STARTED, mb(60), 590_000, "G1 Young Generation (mixed)", 600_000);
        Selection s = OldGenCollection.select(g1(660_000, g1Pools(4, 60), Optional.of(gc(655_000, 325, 330)), Optional.empty()),
                Optional.of(earlier), BOUND);

        assertThat(s.afterGc().optional().orElseThrow().bytes()).isEqualTo(64 * MB);
        assertThat(s.afterGc().optional().orElseThrow().collectedAt()).isEqualTo(STARTED.plusMillis(590_000));
    }

    @Test
    void withoutAnEarlierReadingAMixedPauseHiddenByYoungOnesIsUnknownNotGuessed() {
        Selection s = OldGenCollection.select(g1(660_000, g1Pools(4, 60), Optional.of(gc(655_000, 325, 330)), Optional.empty()),
                Optional.empty(), BOUND);

        assertThat(s.afterGc().unknownReason()).hasValueSatisfying(r -> assertThat(r).contains("G1 Old Gen", "time is unknown"));
        assertThat(s.mark()).isEmpty();
    }

    @Test
    void aNewOldGenerationCollectionBetweenTwoReadingsIsDatedAtTheEarlierReading() {
        Mark earlier = new Mark(STARTED, mb(60), 590_000, "G1 Young Generation (mixed)", 600_000);
        // Since then mixed pauses left 80 MB, and young pauses came after them.
        Selection s = OldGenCollection.select(g1(660_000, g1Pools(4, 80), Optional.of(gc(655_000, 120, 130)), Optional.empty()),
                Optional.of(earlier), BOUND);

        HeapAfterGc after = s.afterGc().optional().orElseThrow();
        assertThat(after.bytes()).isEqualTo(84 * MB);
        assertThat(after.collectedAt()).isEqualTo(STARTED.plusMillis(600_000));
        assertThat(s.mark().orElseThrow().readAtMs()).isEqualTo(660_000);
    }

    @Test
    void aFullCollectionCounts() {
        Selection s = OldGenCollection.select(g1(600_000, g1Pools(0, 50), Optional.of(gc(100_000, 80, 90)), Optional.of(gc(599_000, 340, 50))),
                Optional.empty(), BOUND);

        assertThat(s.afterGc().optional().orElseThrow().collection()).isEqualTo("G1 Old Generation");
        assertThat(s.afterGc().optional().orElseThrow().collectedAt()).isEqualTo(STARTED.plusMillis(599_000));
    }

    @Test
    void aYoungOnlyPauseThatHappensToLeaveTheSameOldUsageIsNoMixedOne() {
        // Nothing promoted since the mixed pause: the young pause's old "after" equals CollectionUsage by coincidence.
        Selection s = OldGenCollection.select(g1(660_000, g1Pools(4, 60), Optional.of(gc(655_000, 60, 60)), Optional.empty()),
                Optional.empty(), BOUND);

        assertThat(s.afterGc().isKnown()).isFalse();
    }

    @Test
    void aReadingIsNewsForThirtyMinutesAndUnknownAMillisecondAfter() {
        long collected = 590_000;
        Mark earlier = new Mark(STARTED, mb(60), collected, "G1 Young Generation (mixed)", 600_000);
        long edge = collected + BOUND.toMillis();

        Selection atTheEdge = OldGenCollection.select(g1(edge, g1Pools(4, 60), Optional.of(gc(edge - 1000, 70, 75)), Optional.empty()),
                Optional.of(earlier), BOUND);
        Selection after = OldGenCollection.select(g1(edge + 1, g1Pools(4, 60), Optional.of(gc(edge - 1000, 70, 75)), Optional.empty()),
                Optional.of(earlier), BOUND);

        assertThat(atTheEdge.afterGc().isKnown()).isTrue();
        assertThat(after.afterGc().unknownReason()).hasValueSatisfying(r -> assertThat(r).contains("30 min", "no longer news"));
        assertThat(after.mark()).as("still remembered: the next collection is dated from it").isPresent();
    }

    @Test
    void aRestartedJvmForgetsWhatTheOldOneSaid() {
        Mark beforeRestart = new Mark(STARTED.minusSeconds(3600), mb(60), 590_000, "G1 Young Generation (mixed)", 600_000);
        Selection s = OldGenCollection.select(g1(5_000, g1Pools(4, 60), Optional.of(gc(4_000, 30, 32)), Optional.empty()),
                Optional.of(beforeRestart), BOUND);

        assertThat(s.afterGc().isKnown()).isFalse();
    }

    @Test
    void parallelAndSerialCountOnlyTheirFullCollector() {
        List<String> psAll = List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen");
        List<Pool> pools = List.of(new Pool("PS Eden Space", Optional.of(mb(0))), new Pool("PS Survivor Space", Optional.of(mb(2))),
                new Pool("PS Old Gen", Optional.of(mb(40))));
        JvmGc parallel = new JvmGc(STARTED, 60_000, pools, List.of(
                new Collector("PS Scavenge", List.of("PS Eden Space", "PS Survivor Space"),
                        Optional.of(new LastGc(59_000, Map.of("PS Old Gen", mb(90)), Map.of("PS Old Gen", mb(95))))),
                new Collector("PS MarkSweep", psAll,
                        Optional.of(new LastGc(30_000, Map.of("PS Old Gen", mb(200)), Map.of("PS Old Gen", mb(40)))))));

        HeapAfterGc after = OldGenCollection.select(parallel, Optional.empty(), BOUND).afterGc().optional().orElseThrow();
        assertThat(after.collection()).isEqualTo("PS MarkSweep");
        assertThat(after.bytes()).isEqualTo(42 * MB);
    }

    @Test
    void zgcCountsItsCyclesNotItsPauses() {
        List<Pool> pools = List.of(new Pool("ZHeap", Optional.of(mb(70))));
        JvmGc zgc = new JvmGc(STARTED, 60_000, pools, List.of(
                new Collector("ZGC Cycles", List.of("ZHeap"), Optional.of(new LastGc(50_000, Map.of("ZHeap", mb(200)), Map.of("ZHeap", mb(70))))),
                // Pauses record no usage after them (ZServiceabilityPauseTracer: recordPostGCUsage false).
                new Collector("ZGC Pauses", List.of("ZHeap"), Optional.of(new LastGc(55_000, Map.of(), Map.of())))));

        HeapAfterGc after = OldGenCollection.select(zgc, Optional.empty(), BOUND).afterGc().optional().orElseThrow();
        assertThat(after.collection()).isEqualTo("ZGC Cycles");
        assertThat(after.collectedAt()).isEqualTo(STARTED.plusMillis(50_000));
    }

    @Test
    void noCollectionYetIsUnknown() {
        List<Pool> pools = List.of(new Pool("G1 Eden Space", Optional.of(new Usage(0, 0))), new Pool("G1 Survivor Space", Optional.of(new Usage(0, 0))),
                new Pool("G1 Old Gen", Optional.of(new Usage(0, 0))));
        Selection s = OldGenCollection.select(g1(1_000, pools, Optional.empty(), Optional.empty()), Optional.empty(), BOUND);

        assertThat(s.afterGc().unknownReason()).hasValue("no collection yet");
    }
}
