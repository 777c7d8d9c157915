package dev.kafkaremediator.act;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed GC.class_histogram: the top classes by bytes, and how much of the live heap is
 * producer state. Measured on Kafka 4.4: one ProducerStateEntry (48 B) and one BatchMetadata
 * (40 B) per producer id per partition replica, plus the map entry around them (~140 B in all).
 */
public record ClassHistogram(List<ClassBytes> top, long totalBytes, long totalInstances, long producerStateBytes, long producerStateEntries) {

    public static final Set<String> PRODUCER_STATE_CLASSES = Set.of(
            "org.apache.kafka.storage.internals.log.ProducerStateEntry",
            "org.apache.kafka.storage.internals.log.BatchMetadata");
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)");

    public record ClassBytes(String className, long instances, long bytes) { }

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
        long producerBytes = rows.stream().filter(r -> PRODUCER_STATE_CLASSES.contains(r.className())).mapToLong(ClassBytes::bytes).sum();
        long entries = rows.stream().filter(r -> r.className().endsWith(".ProducerStateEntry")).mapToLong(ClassBytes::instances).sum();
        rows.sort(Comparator.comparingLong(ClassBytes::bytes).reversed());
        return new ClassHistogram(rows.subList(0, Math.min(topN, rows.size())), total, instances, producerBytes, entries);
    }

    /** Share of the live heap held by the producer-state classes themselves (their map entries not counted: a lower bound). */
    public double producerStateShare() {
        return totalBytes == 0 ? 0 : (double) producerStateBytes / totalBytes;
    }
}
