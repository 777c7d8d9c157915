package dev.kafkaremediator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What an {@code expire-producers} run freed against what it expected, per broker, read back from
 * the audit ({@code remediator audit --json}: the action's {@code effect} record and its
 * {@code start}), and the brokers' {@code producer.id.expiration.check.interval.ms}, which bounds
 * how soon anything can go.
 */
@Command(name = "cure-report", description = "The cure's freed/expected entries and duration from `remediator audit --json`; the brokers' expiry interval.")
final class CureReport implements Callable<Integer> {
    static final String INTERVAL = "producer.id.expiration.check.interval.ms";

    @Option(names = "--audit-json", required = true, paramLabel = "FILE", description = "Output of `remediator audit --json`.") Path audit;
    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT,...", description = "Read each broker's " + INTERVAL + " here.")
    String bootstrapServers;
    @Option(names = "--intervals-only", description = "Print only the brokers' expiry intervals.") boolean intervalsOnly;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        if (bootstrapServers != null) {
            printIntervals(o);
        }
        if (intervalsOnly) {
            return 0;
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            if (!line.isBlank()) {
                records.add(json.readTree(line));
            }
        }
        JsonNode effect = null;
        for (JsonNode r : records) {
            if ("effect".equals(r.path("event").asText()) && r.path("details").has("expectedToFree")) {
                effect = r;
            }
        }
        if (effect == null) {
            o.println("cure: no expire-producers effect in the audit " + audit);
            return IncidentBenchmark.FAILED;
        }
        String id = effect.path("id").asText();
        Instant end = Instant.parse(effect.path("time").asText());
        Instant start = records.stream().filter(r -> id.equals(r.path("id").asText()) && "start".equals(r.path("event").asText()))
                .map(r -> Instant.parse(r.path("time").asText())).findFirst().orElse(null);
        JsonNode d = effect.path("details");
        Map<Integer, long[]> brokers = new TreeMap<>();   // before, expected, freed, after
        String[] keys = {"producerIdsBefore", "expectedToFree", "freed", "producerIdsAfter"};
        for (int k = 0; k < keys.length; k++) {
            final int slot = k;
            d.path(keys[k]).fields().forEachRemaining(e -> brokers.computeIfAbsent(Integer.parseInt(e.getKey()), b -> new long[] {-1, -1, -1, -1})[slot] =
                    e.getValue().asLong());
        }
        o.printf(Locale.ROOT, "cure (%s): outcome %s, %s from start to effect%n", id, d.path("outcome").asText("?"),
                start == null ? "?" : String.format(Locale.ROOT, "%.1f s", Duration.between(start, end).toMillis() / 1000.0));
        o.printf(Locale.ROOT, "  %-7s %12s %12s %12s %12s %8s%n", "broker", "before", "expected", "freed", "after", "freed %");
        long[] sum = new long[4];
        brokers.forEach((b, v) -> {
            for (int i = 0; i < 4; i++) {
                sum[i] += Math.max(0, v[i]);
            }
            o.printf(Locale.ROOT, "  %-7d %,12d %,12d %,12d %,12d %8s%n", b, v[0], v[1], v[2], v[3], pct(v[2], v[1]));
        });
        o.printf(Locale.ROOT, "  %-7s %,12d %,12d %,12d %,12d %8s%n", "all", sum[0], sum[1], sum[2], sum[3], pct(sum[2], sum[1]));
        o.println("  summary: " + d.path("summary").asText());
        return "effective".equals(d.path("outcome").asText()) ? 0 : IncidentBenchmark.FAILED;
    }

    private void printIntervals(PrintStream o) throws Exception {
        try (Admin admin = IncidentBenchmark.admin(bootstrapServers)) {
            List<ConfigResource> resources = new ArrayList<>();
            for (var node : admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)) {
                resources.add(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(node.id())));
            }
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
            TreeSet<String> seen = new TreeSet<>();
            configs.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(Integer.parseInt(a.name()), Integer.parseInt(b.name()))))
                    .forEach(e -> {
                        ConfigEntry entry = e.getValue().get(INTERVAL);
                        seen.add("broker " + e.getKey().name() + ": " + (entry == null ? "not reported" : entry.value() + " (" + entry.source() + ")"));
                    });
            o.println(INTERVAL + ": " + String.join(", ", seen)
                    + "  (the lab's 10 s; Kafka's default is 600000, 10 minutes: the cure's wait scales with it)");
        }
    }

    private static String pct(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * part / whole);
    }
}
