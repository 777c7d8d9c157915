package dev.kafkaremediator.act;

import dev.kafkaremediator.observe.ActiveProducer;
import dev.kafkaremediator.observe.Fact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.kafka.common.TopicPartition;

/**
 * What a lowered producer.id.expiration.ms should free, counted from the leaders' producer state
 * (describeProducers, KIP-664) before the change: the entries with no ongoing transaction that will
 * have been idle for longer than the new expiration within {@code horizon} (those a broker's expiry
 * pass removes while the lowered value is in force, if they do not write again), the latest moment
 * one of them becomes expirable, and per broker the entries that makes, since every replica holds
 * them.
 *
 * <p>Nothing is kept per entry (issue #21: 10,000,000 entries a broker would need 160 MB of ids): the
 * counts are exact sums, and to compare the census after the wait with this one, the entries (a
 * partition and a producer id) are kept as two Theta sketches (Apache DataSketches, {@link #SKETCH_ENTRIES}
 * each, at most 256 KB): all of them, and those expected to go. After the wait an entry last written
 * before this census is one it saw, unchanged, so what is left of the expected ones idle is counted
 * exactly; only the entries written since (new producers, or expected ones written again) are told
 * apart through the sketches, an estimate whose error is a small share of the entries written since.
 */
public record ExpiryCensus(Instant at, Duration expiration, Duration horizon, long expectedTotal, Map<Integer, Long> expectedPerBroker,
                           Instant latestExpirable, long recent, long inTransaction, List<String> transactions,
                           java.util.Optional<Instant> oldestTransactionWrite, List<String> unknown, CompactSketch allEntries,
                           CompactSketch expectedEntries) {

    /** Examples of ongoing transactions kept for the plan and the diagnosis. */
    static final int EXAMPLES = 10;
    /** Nominal entries of the before-sketches: exact below 16,384 entries, a relative standard error of 0.8% above. */
    static final int SKETCH_ENTRIES = 16_384;
    /** Nominal entries of the sketches of what was written during the wait, one per broker. */
    static final int WRITTEN_SKETCH_ENTRIES = 4_096;

    /**
     * Counts what the new {@code expiration} frees of the state seen at {@code at}: entries idle for
     * longer than it by {@code at + horizon}; {@code replicas}: each partition's replica brokers.
     */
    public static ExpiryCensus of(Instant at, Duration expiration, Duration horizon, Map<TopicPartition, Fact<List<ActiveProducer>>> producers,
                                  Map<TopicPartition, List<Integer>> replicas) {
        Tally tally = new Tally(at, expiration, horizon, replicas);
        producers.forEach(tally::accept);
        return tally.result();
    }

    /** An entry's key in the sketches: its partition and producer id (one producer on two partitions is two entries). */
    static void update(UpdateSketch sketch, TopicPartition tp, long producerId) {
        sketch.update(new long[] {producerId, tp.partition(), tp.topic().hashCode()});
    }

    static UpdateSketch sketch(int nominalEntries) {
        return UpdateSketch.builder().setNominalEntries(nominalEntries).build();
    }

    /**
     * The census taken one partition at a time, as describeProducers streams it: each partition's
     * producers are counted and sketched as they arrive, so no producer's record outlives its answer.
     */
    public static final class Tally {
        private final Instant at;
        private final Duration expiration;
        private final Duration horizon;
        private final Map<TopicPartition, List<Integer>> replicas;
        private final Instant cutoff;
        private Instant latest;
        private long expectedTotal;
        private final UpdateSketch all = sketch(SKETCH_ENTRIES);
        private final UpdateSketch expected = sketch(SKETCH_ENTRIES);
        private final Map<Integer, Long> perBroker = new TreeMap<>();
        private long recent;
        private long inTransaction;
        private final List<String> transactions = new ArrayList<>();
        private Instant oldestTransaction;
        private final List<String> unknown = new ArrayList<>();

        public Tally(Instant at, Duration expiration, Duration horizon, Map<TopicPartition, List<Integer>> replicas) {
            this.at = at;
            this.expiration = expiration;
            this.horizon = horizon;
            this.replicas = replicas;
            this.cutoff = at.plus(horizon).minus(expiration);
            this.latest = at;
        }

        public synchronized void accept(TopicPartition tp, Fact<List<ActiveProducer>> answer) {
            if (!answer.isKnown()) {
                unknown.add(tp + ": " + answer.unknownReason().orElse(""));
                return;
            }
            long n = 0;
            for (ActiveProducer p : answer.optional().orElseThrow()) {
                update(all, tp, p.producerId());
                if (p.inTransaction()) {
                    inTransaction++;
                    if (transactions.size() < EXAMPLES) {
                        transactions.add(tp + ": producer id " + p.producerId() + ", transaction from offset "
                                + p.transactionStartOffset().getAsLong() + ", last write " + p.lastTimestamp());
                    }
                    oldestTransaction = oldestTransaction == null || p.lastTimestamp().isBefore(oldestTransaction) ? p.lastTimestamp() : oldestTransaction;
                } else if (p.lastTimestamp().isBefore(cutoff)) {
                    n++;
                    update(expected, tp, p.producerId());
                    Instant expirable = p.lastTimestamp().plus(expiration);
                    latest = expirable.isAfter(latest) ? expirable : latest;
                } else {
                    recent++;
                }
            }
            expectedTotal += n;
            for (int broker : replicas.getOrDefault(tp, List.of())) {
                perBroker.merge(broker, n, Long::sum);
            }
        }

        public synchronized ExpiryCensus result() {
            Map<Integer, Long> brokers = new TreeMap<>(perBroker);
            replicas.values().forEach(rs -> rs.forEach(b -> brokers.putIfAbsent(b, 0L)));
            return new ExpiryCensus(at, expiration, horizon, expectedTotal, java.util.Collections.unmodifiableMap(brokers), latest, recent,
                    inTransaction, List.copyOf(transactions), java.util.Optional.ofNullable(oldestTransaction), List.copyOf(unknown), all.compact(),
                    expected.compact());
        }
    }

    /** What a second census, after the wait, says about the entries this one expected to go. */
    public record After(Map<Integer, Long> newPerBroker, long expectedRemaining, long writtenAgain, long nowInTransaction) { }

    /** Compares a census taken after the wait: new entries per broker, and the expected ones still there and why. */
    public After compare(Map<TopicPartition, Fact<List<ActiveProducer>>> now, Map<TopicPartition, List<Integer>> replicas) {
        Comparison comparison = comparison(replicas);
        now.forEach(comparison::accept);
        return comparison.result();
    }

    /** The comparison taken one partition at a time, as describeProducers streams it. */
    public Comparison comparison(Map<TopicPartition, List<Integer>> replicas) {
        return new Comparison(replicas);
    }

    /**
     * Tallies the second census against this one. An entry last written at or before the first
     * census was in it, unchanged: an expected one still idle is counted exactly. One written since is
     * new, or an old one written again; those are sketched (per broker for the new ones, since every
     * replica holds them) and told apart by the first census's sketches.
     */
    public final class Comparison {
        private final Map<TopicPartition, List<Integer>> replicas;
        private final Map<Integer, UpdateSketch> writtenPerBroker = new HashMap<>();
        private final UpdateSketch written = sketch(WRITTEN_SKETCH_ENTRIES);
        private final UpdateSketch writtenInTransaction = sketch(WRITTEN_SKETCH_ENTRIES);
        private long idleLeft;

        private Comparison(Map<TopicPartition, List<Integer>> replicas) {
            this.replicas = replicas;
        }

        public synchronized void accept(TopicPartition tp, Fact<List<ActiveProducer>> answer) {
            if (!answer.isKnown() || !replicas.containsKey(tp)) {
                return;
            }
            Instant cutoff = at.plus(horizon).minus(expiration);
            List<UpdateSketch> brokers = replicas.get(tp).stream()
                    .map(b -> writtenPerBroker.computeIfAbsent(b, x -> sketch(WRITTEN_SKETCH_ENTRIES))).toList();
            for (ActiveProducer p : answer.optional().orElseThrow()) {
                if (!p.lastTimestamp().isAfter(at)) {
                    if (!p.inTransaction() && p.lastTimestamp().isBefore(cutoff)) {
                        idleLeft++;
                    }
                    continue;
                }
                update(p.inTransaction() ? writtenInTransaction : written, tp, p.producerId());
                brokers.forEach(sketch -> update(sketch, tp, p.producerId()));
            }
        }

        public synchronized After result() {
            Map<Integer, Long> fresh = new TreeMap<>();
            replicas.values().forEach(rs -> rs.forEach(b -> fresh.put(b, 0L)));
            writtenPerBroker.forEach((broker, sketch) -> fresh.put(broker, estimate(SetOperation.builder().buildANotB().aNotB(sketch, allEntries))));
            long again = estimate(intersection(written, expectedEntries));
            long inTransactionNow = estimate(intersection(writtenInTransaction, expectedEntries));
            return new After(fresh, idleLeft + again + inTransactionNow, again, inTransactionNow);
        }
    }

    private static Sketch intersection(Sketch a, Sketch b) {
        var intersection = SetOperation.builder().buildIntersection();
        intersection.intersect(a);
        intersection.intersect(b);
        return intersection.getResult();
    }

    private static long estimate(Sketch sketch) {
        return Math.max(0, Math.round(sketch.getEstimate()));
    }
}
