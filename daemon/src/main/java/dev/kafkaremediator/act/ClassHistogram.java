package dev.kafkaremediator.act;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed GC.class_histogram: the top classes by bytes, and how much of the live heap is producer
 * state, counted structure by structure.
 *
 * <p>What one producer-state entry (one producer id on one partition replica) is made of, from Kafka's
 * source (storage module, org.apache.kafka.storage.internals.log, 3.5 to 4.x):
 * <ul>
 *   <li>a {@code ProducerStateEntry}, which holds {@code Deque<BatchMetadata> batchMetadata = new ArrayDeque<>()}:
 *       one {@code ArrayDeque} per entry, with the default capacity, whose backing array is an
 *       {@code Object[17]} in JDK 9+ ({@code new Object[16 + 1]}); the deque keeps at most
 *       {@code NUM_BATCHES_TO_RETAIN} = 5 batches, so it never grows past that array;</li>
 *   <li>one to five {@code BatchMetadata} (one per batch retained);</li>
 *   <li>its slot in {@code ProducerStateManager.producers}, a {@code HashMap<Long, ProducerStateEntry>}: one
 *       {@code HashMap$Node} and one boxed {@code Long} key per entry ({@code Long.valueOf} caches only -128..127: a cluster's
 *       producer ids pass that with its 129th producer).</li>
 * </ul>
 * Kafka's own two classes serve nothing else, so their whole rows count. The JDK classes serve the
 * whole heap, so only their share counts: one instance per {@code ProducerStateEntry}, at the size one
 * instance has on this JVM (the row's bytes over its instances: every ArrayDeque, HashMap$Node and
 * Long has one size). {@code Object[]} instances differ in length, so the deque's array is sized from
 * the layout instead: a 16-byte array header and 17 references of 4 bytes (compressed oops, which
 * this JVM has when an ArrayDeque is 24 bytes) or 8, rounded up to 8 bytes. The producers map's table
 * ({@code HashMap$Node[]}, about 4-11 bytes per entry) is left out: its share cannot be told from the
 * histogram. Measured on Kafka 4.4 with 500,000 entries per broker: 48 + 40 + 24 + 88 + 32 + 24 = 256 B.
 */
public record ClassHistogram(List<ClassBytes> top, long totalBytes, long totalInstances, long producerStateBytes, long producerStateEntries) {

    static final String ENTRY = "org.apache.kafka.storage.internals.log.ProducerStateEntry";
    static final String BATCH = "org.apache.kafka.storage.internals.log.BatchMetadata";
    static final String DEQUE = "java.util.ArrayDeque";
    static final String NODE = "java.util.HashMap$Node";
    static final String LONG = "java.lang.Long";
    /** The classes producer state is made of (the JDK ones only in part). */
    public static final Set<String> PRODUCER_STATE_CLASSES = Set.of(ENTRY, BATCH, DEQUE, "[Ljava.lang.Object;", NODE, LONG);
    /** {@code new ArrayDeque<>()} in JDK 9+: {@code new Object[16 + 1]}. */
    static final int DEQUE_ARRAY_LENGTH = 17;

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)");

    public record ClassBytes(String className, long instances, long bytes) {
        long bytesPerInstance() {
            return instances == 0 ? 0 : bytes / instances;
        }
    }

    public ClassHistogram {
        top = List.copyOf(top);
    }

    public static ClassHistogram parse(String text, int topN) {
        List<ClassBytes> rows = new ArrayList<>();
        long total = 0;
        long instances = 0;
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.add(new ClassBytes(row.group(3), Long.parseLong(row.group(1)), Long.parseLong(row.group(2))));
                continue;
            }
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                instances = Long.parseLong(t.group(1));
                total = Long.parseLong(t.group(2));
            }
        }
        if (total == 0) {
            total = rows.stream().mapToLong(ClassBytes::bytes).sum();
        }
        // Module suffixes ("java.util.ArrayDeque (java.base@17.0.9)") are separate tokens: the class name is the first.
        Map<String, ClassBytes> byName = rows.stream().collect(Collectors.toMap(ClassBytes::className, Function.identity(), (a, b) -> a));
        long entries = byName.containsKey(ENTRY) ? byName.get(ENTRY).instances() : 0;
        long producerBytes = entries == 0 ? 0 : producerStateBytes(byName, entries);
        rows.sort(Comparator.comparingLong(ClassBytes::bytes).reversed());
        return new ClassHistogram(rows.subList(0, Math.min(topN, rows.size())), total, instances, producerBytes, entries);
    }

    private static long producerStateBytes(Map<String, ClassBytes> byName, long entries) {
        long kafka = byName.get(ENTRY).bytes() + (byName.containsKey(BATCH) ? byName.get(BATCH).bytes() : 0);
        long dequeSize = perInstance(byName, DEQUE);
        // An ArrayDeque is header + elements + head + tail: 24 B with 4-byte references, 32 B with 8-byte ones.
        int reference = dequeSize <= 24 ? 4 : 8;
        long array = dequeSize == 0 ? 0 : align8(16 + (long) DEQUE_ARRAY_LENGTH * reference);
        return kafka + entries * (dequeSize + array + perInstance(byName, NODE) + perInstance(byName, LONG));
    }

    private static long perInstance(Map<String, ClassBytes> byName, String className) {
        ClassBytes row = byName.get(className);
        return row == null ? 0 : row.bytesPerInstance();
    }

    private static long align8(long bytes) {
        return (bytes + 7) / 8 * 8;
    }

    /** Bytes of heap one producer-state entry costs on this broker; empty when the histogram shows none. */
    public OptionalLong bytesPerEntry() {
        return producerStateEntries == 0 ? OptionalLong.empty() : OptionalLong.of(Math.round((double) producerStateBytes / producerStateEntries));
    }

    /** Share of the live heap held by producer state (the producers maps' tables not counted: a slight lower bound). */
    public double producerStateShare() {
        return totalBytes == 0 ? 0 : (double) producerStateBytes / totalBytes;
    }
}
