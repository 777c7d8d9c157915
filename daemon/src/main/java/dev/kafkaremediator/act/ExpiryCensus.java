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
        Instant cutoff = at.plus(horizon).minus(expiration);
        Instant latest = at;
        Map<TopicPartition, long[]> all = new TreeMap<>(ORDER);
        Map<TopicPartition, long[]> expected = new TreeMap<>(ORDER);
        Map<Integer, Long> perBroker = new TreeMap<>();
        long recent = 0;
        long inTransaction = 0;
        List<String> transactions = new ArrayList<>();
        Instant oldestTransaction = null;
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<TopicPartition, Fact<List<ActiveProducer>>> e : producers.entrySet()) {
            if (!e.getValue().isKnown()) {
                unknown.add(e.getKey() + ": " + e.getValue().unknownReason().orElse(""));
                continue;
            }
            List<ActiveProducer> list = e.getValue().optional().orElseThrow();
            long[] ids = new long[list.size()];
            long[] idle = new long[list.size()];
            int n = 0;
            for (int i = 0; i < list.size(); i++) {
                ActiveProducer p = list.get(i);
                ids[i] = p.producerId();
                if (p.inTransaction()) {
                    inTransaction++;
                    if (transactions.size() < EXAMPLES) {
                        transactions.add(e.getKey() + ": producer id " + p.producerId() + ", transaction from offset "
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
            all.put(e.getKey(), ids);
            long[] exp = Arrays.copyOf(idle, n);
            Arrays.sort(exp);
            expected.put(e.getKey(), exp);
            for (int broker : replicas.getOrDefault(e.getKey(), List.of())) {
                perBroker.merge(broker, (long) n, Long::sum);
            }
        }
        replicas.values().forEach(rs -> rs.forEach(b -> perBroker.putIfAbsent(b, 0L)));
        return new ExpiryCensus(at, expiration, horizon, all, expected, perBroker, latest, recent, inTransaction, transactions,
                java.util.Optional.ofNullable(oldestTransaction), unknown);
    }

    /** What a second census, after the wait, says about the entries this one expected to go. */
    public record After(Map<Integer, Long> newPerBroker, long expectedRemaining, long writtenAgain, long nowInTransaction) { }

    /** Compares a census taken after the wait: new entries per broker, and the expected ones still there and why. */
    public After compare(Map<TopicPartition, Fact<List<ActiveProducer>>> now, Map<TopicPartition, List<Integer>> replicas) {
        Map<Integer, Long> fresh = new TreeMap<>();
        long remaining = 0;
        long writtenAgain = 0;
        long nowInTransaction = 0;
        for (Map.Entry<TopicPartition, Fact<List<ActiveProducer>>> e : now.entrySet()) {
            long[] before = allIds.get(e.getKey());
            long[] exp = expectedIds.get(e.getKey());
            if (before == null || exp == null || !e.getValue().isKnown()) {
                continue;
            }
            long added = 0;
            long left = 0;
            for (ActiveProducer p : e.getValue().optional().orElseThrow()) {
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
            for (int broker : replicas.getOrDefault(e.getKey(), List.of())) {
                fresh.merge(broker, added, Long::sum);
            }
        }
        return new After(fresh, remaining, writtenAgain, nowInTransaction);
    }

    private static final java.util.Comparator<TopicPartition> ORDER = java.util.Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);
}
