package dev.kafkaremediator.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes of broker heap per producer-state entry, from two class histograms of one broker
 * ({@code DiagnosticCommand.gcClassHistogram}, live objects after a full GC): one taken before the
 * fill (the topic already created) and one after. What a class gained, divided by the
 * {@code ProducerStateEntry} instances gained, is what each entry costs in that class. Kafka's own
 * two classes are a third of it; the deque of batch metadata (an {@code ArrayDeque} and its
 * {@code Object[]}), the map entry and the boxed producer id key make the rest (issue #14: 256 B on
 * Kafka 4.4). The maps' tables ({@code HashMap$Node[]}) grow in steps, so they are shown apart.
 */
public record HeapPerEntry(long entries, List<ClassDelta> attributed, ClassDelta tables, List<ClassDelta> others, long liveBytesGained) {

    static final String ENTRY_CLASS = "org.apache.kafka.storage.internals.log.ProducerStateEntry";
    /** In the order the issue lists them; each grows by one instance per entry. */
    static final List<String> PER_ENTRY_CLASSES = List.of(
            ENTRY_CLASS,
            "org.apache.kafka.storage.internals.log.BatchMetadata",
            "java.util.ArrayDeque",
            "[Ljava.lang.Object;",
            "java.util.HashMap$Node",
            "java.lang.Long");
    static final String TABLE_CLASS = "[Ljava.util.HashMap$Node;";
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** One class's gain between the two histograms. */
    public record ClassDelta(String className, long instances, long bytes) {
        double bytesPerEntry(long entries) {
            return entries == 0 ? Double.NaN : (double) bytes / entries;
        }

        double instancesPerEntry(long entries) {
            return entries == 0 ? Double.NaN : (double) instances / entries;
        }
    }

    /** Instances and bytes per class name (module suffix dropped) of one histogram's text. */
    static Map<String, long[]> parse(String histogram) {
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (String line : histogram.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                long[] row = rows.computeIfAbsent(m.group(3), k -> new long[2]);
                row[0] += Long.parseLong(m.group(1));
                row[1] += Long.parseLong(m.group(2));
            }
        }
        return rows;
    }

    public static HeapPerEntry between(String before, String after, int otherClasses) {
        Map<String, long[]> b = parse(before);
        Map<String, long[]> a = parse(after);
        if (a.isEmpty()) {
            throw new IllegalArgumentException("the second histogram has no class rows");
        }
        Set<String> names = new java.util.TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        List<ClassDelta> all = new ArrayList<>();
        long gained = 0;
        for (String name : names) {
            long[] x = b.getOrDefault(name, new long[2]);
            long[] y = a.getOrDefault(name, new long[2]);
            ClassDelta d = new ClassDelta(name, y[0] - x[0], y[1] - x[1]);
            gained += d.bytes();
            all.add(d);
        }
        Map<String, ClassDelta> byName = new LinkedHashMap<>();
        all.forEach(d -> byName.put(d.className(), d));
        long entries = byName.getOrDefault(ENTRY_CLASS, new ClassDelta(ENTRY_CLASS, 0, 0)).instances();
        List<ClassDelta> attributed = PER_ENTRY_CLASSES.stream()
                .map(n -> byName.getOrDefault(n, new ClassDelta(n, 0, 0))).toList();
        ClassDelta tables = byName.getOrDefault(TABLE_CLASS, new ClassDelta(TABLE_CLASS, 0, 0));
        List<ClassDelta> others = all.stream()
                .filter(d -> !PER_ENTRY_CLASSES.contains(d.className()) && !TABLE_CLASS.equals(d.className()))
                .sorted(Comparator.comparingLong(ClassDelta::bytes).reversed())
                .limit(otherClasses).toList();
        return new HeapPerEntry(entries, attributed, tables, others, gained);
    }

    /** Bytes per entry of the six classes. */
    public double attributedBytesPerEntry() {
        return entries == 0 ? Double.NaN : (double) attributed.stream().mapToLong(ClassDelta::bytes).sum() / entries;
    }

    /** Every byte the live heap gained, per entry: an upper bound (anything else the fill left behind counts too). */
    public double liveBytesPerEntry() {
        return entries == 0 ? Double.NaN : (double) liveBytesGained / entries;
    }
}
