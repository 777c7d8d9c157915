package dev.kafkaremediator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks, from a JVM's memory pools and collectors (plain data read over JMX), the heap left by its
 * last collection that covered the old generation, and when that was. Pure: no JMX here.
 *
 * <p>What the JVM offers (HotSpot, checked in the JDK 17 and current sources):
 * <ul>
 *   <li>A pool's {@code CollectionUsage} is set at the end of a collection only when that collection
 *       affects the pool ({@code GCMemoryManager::gc_end}: {@code allMemoryPoolsAffected} or the pool
 *       "always affected" by that manager). G1 registers its old pool with "G1 Young Generation" as
 *       <em>not</em> always affected and passes {@code in_mixed_phase()} as "all pools affected"
 *       (JDK 17; later JDKs: old regions among the candidates), so young-only pauses leave the old
 *       pool's {@code CollectionUsage} alone, mixed pauses and "G1 Old Generation" (full) set it, and
 *       from JDK 20 "G1 Concurrent GC" (remark, cleanup: whole-garbage regions freed) sets it too.
 *       Parallel ("PS Old Gen") and Serial ("Tenured Gen") only in "PS MarkSweep" / "MarkSweepCompact";
 *       ZGC's "ZHeap" only at the end of a "ZGC Cycles" cycle ("ZGC Pauses" record no usage).</li>
 *   <li>{@code LastGcInfo} of each collector: its last collection's end (ms since JVM start) and every
 *       pool's usage before and after. The after-usage and the {@code CollectionUsage} are taken one
 *       after the other in the same {@code gc_end}, so the collection that set the old pool's
 *       {@code CollectionUsage} shows exactly that usage (used and committed) in its {@code LastGcInfo}.</li>
 * </ul>
 * So: the bytes are the heap pools' {@code CollectionUsage} summed (the old pool's from the last
 * covering collection); the time is the end of the collector's last collection that left exactly the
 * old pool's {@code CollectionUsage} (for G1's young collector, only when it also shrank the old
 * generation: a young-only pause that promoted nothing would match by coincidence). When that
 * collection is no collector's last any more (a mixed pause followed by young ones), an earlier
 * reading of the same JVM says when: the same {@code CollectionUsage} as then is the same
 * collection; a different one happened since that reading, and its time is taken as that reading's
 * (the oldest it can be). With neither, or older than the bound, the answer is unknown, never a
 * stale number.
 */
public final class OldGenCollection {
    /** Old-generation pools of HotSpot's collectors; a JVM with a single heap pool (ZGC, Shenandoah) collects it whole. */
    static final Set<String> OLD_POOLS = Set.of("G1 Old Gen", "PS Old Gen", "Tenured Gen", "CMS Old Gen", "ZGC Old Generation", "ZHeap",
            "Shenandoah");
    /** Collectors that manage the old pool but collect it only sometimes (G1: mixed pauses, not young-only ones). */
    static final Set<String> SOMETIMES_OLD = Set.of("G1 Young Generation");

    private OldGenCollection() {
    }

    /** A pool's usage as JMX reports it. */
    public record Usage(long used, long committed) { }

    /** A heap pool and its {@code CollectionUsage} (empty when the JVM keeps none for it). */
    public record Pool(String name, Optional<Usage> collectionUsage) { }

    /** A collector's last collection: its end in ms since JVM start, each pool's usage before and after. */
    public record LastGc(long endMs, Map<String, Usage> before, Map<String, Usage> after) {
        public LastGc {
            before = Map.copyOf(before);
            after = Map.copyOf(after);
        }
    }

    /** A collector, the pools it manages, and its last collection (empty before its first). */
    public record Collector(String name, List<String> pools, Optional<LastGc> last) {
        public Collector {
            pools = List.copyOf(pools);
        }
    }

    /** One reading of a JVM: when it started, its uptime at the reading, its heap pools and collectors. */
    public record JvmGc(Instant started, long uptimeMs, List<Pool> heapPools, List<Collector> collectors) {
        public JvmGc {
            heapPools = List.copyOf(heapPools);
            collectors = List.copyOf(collectors);
        }
    }

    /**
     * What an earlier reading of the same JVM established: the old pool's {@code CollectionUsage} then,
     * when the collection that left it ended (ms since JVM start), by whom, and the uptime of that reading.
     */
    public record Mark(Instant started, Usage oldCollectionUsage, long collectedAtMs, String collection, long readAtMs) { }

    /** The answer, and what to remember for the next reading of this JVM (empty: nothing worth keeping). */
    public record Selection(Fact<HeapAfterGc> afterGc, Optional<Mark> mark) { }

    public static Selection select(JvmGc jvm, Optional<Mark> previous, Duration maxAge) {
        Optional<Pool> old = oldPool(jvm.heapPools());
        if (old.isEmpty()) {
            return unknown("no old-generation pool among the heap pools " + jvm.heapPools().stream().map(Pool::name).toList());
        }
        String oldName = old.get().name();
        Optional<Usage> oldUsage = old.get().collectionUsage();
        if (oldUsage.isEmpty()) {
            return unknown("the JVM keeps no collection usage for " + oldName);
        }
        Usage cu = oldUsage.get();
        if (cu.used() == 0 && cu.committed() == 0 && jvm.collectors().stream().allMatch(c -> c.last().isEmpty())) {
            return unknown("no collection yet");
        }
        long bytes = jvm.heapPools().stream().flatMap(p -> p.collectionUsage().stream()).mapToLong(Usage::used).sum();

        Optional<Collector> exact = jvm.collectors().stream()
                .filter(c -> c.pools().contains(oldName) && c.last().isPresent() && leftExactly(c, oldName, cu))
                .max(Comparator.comparingLong(c -> c.last().orElseThrow().endMs()));
        Optional<Mark> sameJvm = previous.filter(p -> p.started().equals(jvm.started()) && p.readAtMs() <= jvm.uptimeMs());
        Mark mark;
        if (exact.isPresent()) {
            String by = SOMETIMES_OLD.contains(exact.get().name()) ? exact.get().name() + " (mixed)" : exact.get().name();
            mark = new Mark(jvm.started(), cu, exact.get().last().orElseThrow().endMs(), by, jvm.uptimeMs());
        } else if (sameJvm.isPresent() && sameJvm.get().oldCollectionUsage().equals(cu)) {
            Mark p = sameJvm.get();
            mark = new Mark(jvm.started(), cu, p.collectedAtMs(), p.collection(), jvm.uptimeMs());
        } else if (sameJvm.isPresent()) {
            mark = new Mark(jvm.started(), cu, sameJvm.get().readAtMs(), "a collection of " + oldName + " since the previous reading", jvm.uptimeMs());
        } else {
            return unknown("the last collection of " + oldName + " is no collector's last any more (young ones came after it): "
                    + "its time is unknown until a later reading sees the next one");
        }
        Duration age = Duration.ofMillis(Math.max(0, jvm.uptimeMs() - mark.collectedAtMs()));
        if (age.compareTo(maxAge) > 0) {
            return new Selection(Fact.unknown("the last collection of " + oldName + " (" + mark.collection() + ") ended "
                    + age.toMinutes() + " min ago, longer than " + maxAge.toMinutes() + " min: what it left is no longer news"), Optional.of(mark));
        }
        return new Selection(Fact.known(new HeapAfterGc(bytes, jvm.started().plusMillis(mark.collectedAtMs()), mark.collection())),
                Optional.of(mark));
    }

    private static boolean leftExactly(Collector c, String oldName, Usage cu) {
        LastGc last = c.last().orElseThrow();
        Usage after = last.after().get(oldName);
        if (after == null || !after.equals(cu)) {
            return false;
        }
        if (!SOMETIMES_OLD.contains(c.name())) {
            return true;
        }
        Usage before = last.before().get(oldName);
        return before != null && after.used() < before.used();
    }

    static Optional<Pool> oldPool(List<Pool> heapPools) {
        Optional<Pool> named = heapPools.stream().filter(p -> OLD_POOLS.contains(p.name())).findFirst();
        if (named.isPresent() || heapPools.size() != 1) {
            return named;
        }
        return Optional.of(heapPools.get(0));
    }

    private static Selection unknown(String reason) {
        return new Selection(Fact.unknown(reason), Optional.empty());
    }
}
