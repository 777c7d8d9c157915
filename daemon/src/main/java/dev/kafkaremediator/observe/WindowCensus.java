package dev.kafkaremediator.observe;

import java.time.Instant;
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
 * The producer state of some partitions at the start of a window and what was added to it by its
 * end: new producer ids, and new producer-state entries (a producer id on a partition) per broker,
 * since every replica holds them. In bounded memory, whatever the entries: the start is kept as two
 * Theta sketches (Apache DataSketches), of its producer ids and of its entries; at the end, what was
 * written since the start is sketched and set against them. Exact while fewer than
 * {@link #NOMINAL_ENTRIES} of each were seen; above, an estimate with a relative standard error of
 * 0.8%. Feed {@link Start#accept} and then {@link End#accept} as describeProducers streams.
 */
public final class WindowCensus {
    static final int NOMINAL_ENTRIES = 16_384;

    private WindowCensus() {
    }

    /**
     * A producer that carried at least this many records to a partition in its life is an application's producer
     * doing its job: its entry is a one-time cost, not a rate. One that wrote fewer (a producer per record, per
     * request) is churn, and churn is what fills a broker at a rate.
     */
    public static final int LONG_LIVED_RECORDS = 100;

    /**
     * What a window added: new distinct producer ids, and new entries per broker, all of them and those of short-lived
     * producers (fewer than {@link #LONG_LIVED_RECORDS} records on the partition, or not known).
     */
    public record Added(long producerIds, Map<Integer, Long> entriesPerBroker, Map<Integer, Long> shortLivedEntriesPerBroker, long entriesWritten,
                        long unknownPartitions) {
        public long maxEntriesPerBroker() {
            return entriesPerBroker.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    static UpdateSketch sketch() {
        return UpdateSketch.builder().setNominalEntries(NOMINAL_ENTRIES).build();
    }

    static void entry(UpdateSketch sketch, TopicPartition tp, long producerId) {
        sketch.update(new long[] {producerId, tp.partition(), tp.topic().hashCode()});
    }

    /** The window's start. */
    public static final class Start {
        private final UpdateSketch ids = sketch();
        private final UpdateSketch entries = sketch();
        private long unknown;

        public synchronized void accept(TopicPartition tp, Fact<List<ActiveProducer>> answer) {
            if (!answer.isKnown()) {
                unknown++;
                return;
            }
            for (ActiveProducer p : answer.optional().orElseThrow()) {
                ids.update(p.producerId());
                entry(entries, tp, p.producerId());
            }
        }

        public synchronized long unknownPartitions() {
            return unknown;
        }

        /** The end of the window: entries last written at or after {@code since} are what it may have added. */
        public synchronized End end(Instant since, Map<TopicPartition, List<Integer>> replicas) {
            return new End(ids.compact(), entries.compact(), since, replicas);
        }
    }

    /** The window's end, set against its start. */
    public static final class End {
        private final CompactSketch startIds;
        private final CompactSketch startEntries;
        private final Instant since;
        private final Map<TopicPartition, List<Integer>> replicas;
        private final UpdateSketch writtenIds = sketch();
        private final Map<Integer, UpdateSketch> writtenPerBroker = new HashMap<>();
        private final Map<Integer, UpdateSketch> shortLivedPerBroker = new HashMap<>();
        private long written;
        private long unknown;

        End(CompactSketch startIds, CompactSketch startEntries, Instant since, Map<TopicPartition, List<Integer>> replicas) {
            this.startIds = startIds;
            this.startEntries = startEntries;
            this.since = since;
            this.replicas = replicas;
        }

        public synchronized void accept(TopicPartition tp, Fact<List<ActiveProducer>> answer) {
            if (!answer.isKnown()) {
                unknown++;
                return;
            }
            List<UpdateSketch> brokers = replicas.getOrDefault(tp, List.of()).stream()
                    .map(b -> writtenPerBroker.computeIfAbsent(b, x -> sketch())).toList();
            List<UpdateSketch> shortLived = replicas.getOrDefault(tp, List.of()).stream()
                    .map(b -> shortLivedPerBroker.computeIfAbsent(b, x -> sketch())).toList();
            for (ActiveProducer p : answer.optional().orElseThrow()) {
                // An entry last written before the window began was there at its start: not added by it.
                if (p.lastTimestamp().isBefore(since)) {
                    continue;
                }
                written++;
                writtenIds.update(p.producerId());
                brokers.forEach(s -> entry(s, tp, p.producerId()));
                if (p.recordsWritten() < LONG_LIVED_RECORDS) {
                    shortLived.forEach(s -> entry(s, tp, p.producerId()));
                }
            }
        }

        public synchronized Added added() {
            Map<Integer, Long> perBroker = new TreeMap<>();
            replicas.values().forEach(rs -> rs.forEach(b -> perBroker.put(b, 0L)));
            Map<Integer, Long> shortLived = new TreeMap<>(perBroker);
            writtenPerBroker.forEach((b, s) -> perBroker.put(b, estimate(notIn(s, startEntries))));
            shortLivedPerBroker.forEach((b, s) -> shortLived.put(b, estimate(notIn(s, startEntries))));
            return new Added(estimate(notIn(writtenIds, startIds)), perBroker, shortLived, written, unknown);
        }

        private static Sketch notIn(Sketch a, Sketch b) {
            return SetOperation.builder().buildANotB().aNotB(a, b);
        }

        private static long estimate(Sketch s) {
            return Math.max(0, Math.round(s.getEstimate()));
        }
    }
}
