package dev.kafkaremediator.act;

import dev.kafkaremediator.observe.ActiveProducer;
import dev.kafkaremediator.observe.Fact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a lowered producer.id.expiration.ms should free, counted from the leaders' producer state
 * (describeProducers, KIP-664) before the change: per partition, the ids with no ongoing
 * transaction that will have been idle for longer than the new expiration within {@code horizon}
 * (those a broker's expiry pass removes while the lowered value is in force, if they do not write
 * again), the latest moment one of them becomes expirable, and
 * per broker the entries that makes, since every replica holds them. Kept compact: sorted id arrays
 * per partition, not every producer's record, so the same census can be compared after the wait.
 */
public record ExpiryCensus(Instant at, Duration expiration, Duration horizon, Map<TopicPartition, long[]> allIds,
                           Map<TopicPartition, long[]> expectedIds, Map<Integer, Long> expectedPerBroker, Instant latestExpirable, long recent,
                           long inTransaction, List<String> transactions, java.util.Optional<Instant> oldestTransactionWrite, List<String> unknown) {

    /** Examples of ongoing transactions kept for the plan and the diagnosis. */
    static final int EXAMPLES = 10;

    public long expectedTotal() {
        return expectedIds.values().stream().mapToLong(a -> a.length).sum();
    }

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

    /**
     * The census taken one partition at a time, as describeProducers streams it: each partition's
     * producers are reduced to sorted id arrays as they arrive, so no producer's record outlives
     * its batch (500,000 entries per broker is the incident's scale).
     */
    public static final class Tally {
        private final Instant at;
        private final Duration expiration;
        private final Duration horizon;
        private final Map<TopicPartition, List<Integer>> replicas;
        private final Instant cutoff;
        private Instant latest;
        private final Map<TopicPartition, long[]> all = new TreeMap<>(ORDER);
        private final Map<TopicPartition, long[]> expected = new TreeMap<>(ORDER);
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
            List<ActiveProducer> list = answer.optional().orElseThrow();
            long[] ids = new long[list.size()];
            long[] idle = new long[list.size()];
            int n = 0;
            for (int i = 0; i < list.size(); i++) {
                ActiveProducer p = list.get(i);
                ids[i] = p.producerId();
                if (p.inTransaction()) {
                    inTransaction++;
                    if (transactions.size() < EXAMPLES) {
                        transactions.add(tp + ": producer id " + p.producerId() + ", transaction from offset "
                                + p.transactionStartOffset().getAsLong() + ", last write " + p.lastTimestamp());
                    }
                    oldestTransaction = oldestTransaction == null || p.lastTimestamp().isBefore(oldestTransaction) ? p.lastTimestamp() : oldestTransaction;
                } else if (p.lastTimestamp().isBefore(cutoff)) {
                    idle[n++] = p.producerId();
                    Instant expirable = p.lastTimestamp().plus(expiration);
                    latest = expirable.isAfter(latest) ? expirable : latest;
                } else {
                    recent++;
                }
            }
            Arrays.sort(ids);
            all.put(tp, ids);
            long[] exp = Arrays.copyOf(idle, n);
            Arrays.sort(exp);
            expected.put(tp, exp);
            for (int broker : replicas.getOrDefault(tp, List.of())) {
                perBroker.merge(broker, (long) n, Long::sum);
            }
        }

        public synchronized ExpiryCensus result() {
            Map<Integer, Long> brokers = new TreeMap<>(perBroker);
            replicas.values().forEach(rs -> rs.forEach(b -> brokers.putIfAbsent(b, 0L)));
            return new ExpiryCensus(at, expiration, horizon, java.util.Collections.unmodifiableMap(all), java.util.Collections.unmodifiableMap(expected), brokers, latest, recent, inTransaction,
                    List.copyOf(transactions), java.util.Optional.ofNullable(oldestTransaction), List.copyOf(unknown));
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

    /** Tallies the second census against this one. */
    public final class Comparison {
        private final Map<TopicPartition, List<Integer>> replicas;
        private final Map<Integer, Long> fresh = new TreeMap<>();
        private long remaining;
        private long writtenAgain;
        private long nowInTransaction;

        private Comparison(Map<TopicPartition, List<Integer>> replicas) {
            this.replicas = replicas;
        }

        public synchronized void accept(TopicPartition tp, Fact<List<ActiveProducer>> answer) {
            long[] before = allIds.get(tp);
            long[] exp = expectedIds.get(tp);
            if (before == null || exp == null || !answer.isKnown()) {
                return;
            }
            long added = 0;
            long left = 0;
            for (ActiveProducer p : answer.optional().orElseThrow()) {
                if (Arrays.binarySearch(before, p.producerId()) < 0) {
                    added++;
                } else if (Arrays.binarySearch(exp, p.producerId()) >= 0) {
                    left++;
                    if (p.inTransaction()) {
                        nowInTransaction++;
                    } else if (p.lastTimestamp().isAfter(at)) {
                        writtenAgain++;
                    }
                }
            }
            remaining += left;
            for (int broker : replicas.getOrDefault(tp, List.of())) {
                fresh.merge(broker, added, Long::sum);
            }
        }

        public synchronized After result() {
            return new After(new TreeMap<>(fresh), remaining, writtenAgain, nowInTransaction);
        }
    }

    private static final java.util.Comparator<TopicPartition> ORDER = java.util.Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);
}
