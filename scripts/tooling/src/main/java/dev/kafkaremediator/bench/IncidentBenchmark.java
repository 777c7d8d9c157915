package dev.kafkaremediator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The measuring halves of {@code scripts/bench-incident.sh}, one subcommand per figure; the
 * script orchestrates (cluster, fill, daemon, cure) and this prints. Not a test.
 */
@Command(name = "IncidentBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Figures of the incident at scale: heap per producer-state entry, census and snapshot time, the cure's effect.",
        subcommands = {IncidentBenchmark.CreateTopic.class, IncidentBenchmark.Histogram.class, IncidentBenchmark.PerEntry.class,
                SnapshotTiming.class, HeapShare.class, CureReport.class, ExpiryWatch.class,
                IncidentBenchmark.StatusTopic.class},
        footer = {"", "Exit status: 0 measured, 1 a measurement failed, 2 usage error."})
public final class IncidentBenchmark {
    static final int FAILED = 1;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new IncidentBenchmark());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            System.err.println("IncidentBenchmark " + String.join(" ", line.getCommandSpec().qualifiedName())
                    + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        });
        System.exit(cli.execute(args));
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "incident-benchmark",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"));
    }

    /** The incident app's topic, created before the fill so the first histogram already holds its partitions. */
    @Command(name = "create-topic", description = "Create the topic as scripts/incident-app.sh would (retention.ms=-1) and wait for its leaders.")
    static final class CreateTopic implements Callable<Integer> {
        @Option(names = {"-b", "--bootstrap-servers"}, required = true) String bootstrapServers;
        @Option(names = "--topic", required = true) String topic;
        @Option(names = "--partitions", required = true) int partitions;
        @Option(names = "--replication-factor", required = true) short replicationFactor;

        @Override
        public Integer call() throws InterruptedException, ExecutionException, TimeoutException {
            try (Admin admin = admin(bootstrapServers)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)
                        .configs(Map.of("retention.ms", "-1")))).all().get(60, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    var description = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
                    long led = description.partitions().stream().filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
                    if (led == partitions) {
                        return 0;
                    }
                    if (System.nanoTime() > deadline) {
                        System.err.println("create-topic: " + led + " of " + partitions + " partitions have a leader after 60 s");
                        return FAILED;
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        }
    }

    /** What `remediator status --json` said of the incident's topic: is it the top topic, with the entries the fill made? */
    @Command(name = "status-topic", description = "Read `remediator status --json`: the top topic by producer-state entries, against the fill's.")
    static final class StatusTopic implements Callable<Integer> {
        @Option(names = "--json", required = true, paramLabel = "FILE") Path json;
        @Option(names = "--topic", required = true) String topic;
        @Option(names = "--expected-entries", defaultValue = "-1") long expected;

        @Override
        public Integer call() throws IOException {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
            com.fasterxml.jackson.databind.JsonNode top = null;
            for (com.fasterxml.jackson.databind.JsonNode t : root.path("topics")) {
                if (t.path("producerEntries").isNumber() && (top == null || t.path("producerEntries").asLong() > top.path("producerEntries").asLong())) {
                    top = t;
                }
            }
            if (top == null) {
                System.out.println("status: no topic with known producer-state entries" + unknown(root));
                return FAILED;
            }
            boolean guilty = topic.equals(top.path("name").asText()) && (expected < 0 || top.path("producerEntries").asLong() >= expected);
            System.out.printf(Locale.ROOT, "status: top topic %s with %,d entries (%s distinct producer ids)%s: %s%n", top.path("name").asText(),
                    top.path("producerEntries").asLong(), top.path("producerIds").isNumber() ? String.format(Locale.ROOT, "%,d", top.path("producerIds").asLong()) : "?",
                    expected < 0 ? "" : String.format(Locale.ROOT, ", the fill made %,d", expected), guilty ? "guilty topic reported" : "NOT the guilty topic");
            return guilty ? 0 : FAILED;
        }

        private static String unknown(com.fasterxml.jackson.databind.JsonNode root) {
            StringBuilder why = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonNode t : root.path("topics")) {
                if (!t.path("unknown").isEmpty()) {
                    why.append("; ").append(t.path("name").asText()).append(": ").append(t.path("unknown"));
                }
            }
            return why.toString();
        }
    }

    /** One broker's class histogram over remote JMX (a full GC first: live objects only), with its ProducerIdCount. */
    @Command(name = "histogram", description = "Write one broker's gcClassHistogram (JMX DiagnosticCommand) to a file; print its ProducerIdCount.")
    static final class Histogram implements Callable<Integer> {
        @Option(names = "--jmx", required = true, paramLabel = "HOST:PORT") String jmx;
        @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

        @Override
        public Integer call() throws Exception {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + jmx + "/jmxrmi");
            long start = System.nanoTime();
            try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
                MBeanServerConnection c = connector.getMBeanServerConnection();
                Object count = c.getAttribute(new ObjectName("kafka.server:type=ReplicaManager,name=ProducerIdCount"), "Value");
                String text = (String) c.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {new String[0]}, new String[] {String[].class.getName()});
                Files.writeString(out, text, StandardCharsets.UTF_8);
                System.out.printf(Locale.ROOT, "histogram of the broker at %s: ProducerIdCount %s, %d classes, %.1f s (incl. its full GC)%n",
                        jmx, count, HeapPerEntry.parse(text).size(), (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }

    /** Bytes per entry from the histograms before and after the fill. */
    @Command(name = "heap-per-entry", description = "Bytes of broker heap per producer-state entry, from the histograms before and after the fill.")
    static final class PerEntry implements Callable<Integer> {
        @Option(names = "--before", required = true, paramLabel = "FILE") Path before;
        @Option(names = "--after", required = true, paramLabel = "FILE") Path after;
        @Option(names = "--expected-entries", defaultValue = "-1", description = "Entries the fill should have left on this broker.")
        long expected;
        @Option(names = "--other-classes", defaultValue = "5", description = "Other classes that grew most, shown for reference.")
        int otherClasses;

        @Override
        public Integer call() throws IOException {
            PrintStream o = System.out;
            HeapPerEntry h = HeapPerEntry.between(Files.readString(before), Files.readString(after), otherClasses);
            if (h.entries() <= 0) {
                o.println("heap per entry: no ProducerStateEntry gained between the histograms; nothing to divide by");
                return FAILED;
            }
            o.printf(Locale.ROOT, "entries gained (ProducerStateEntry instances): %,d%s%n", h.entries(),
                    expected < 0 ? "" : String.format(Locale.ROOT, " (expected %,d: %s)", expected, h.entries() == expected ? "all" : "MISMATCH"));
            o.printf(Locale.ROOT, "  %-58s %12s %14s %10s %8s%n", "class", "+instances", "+bytes", "inst/entry", "B/entry");
            for (HeapPerEntry.ClassDelta d : h.attributed()) {
                row(o, d, h.entries());
            }
            o.printf(Locale.ROOT, "  %-58s %12s %14s %10s %8.1f   <- bytes of heap per entry (the issue measured 256)%n", "total of the classes above",
                    "", String.format(Locale.ROOT, "%,d", h.attributed().stream().mapToLong(HeapPerEntry.ClassDelta::bytes).sum()), "",
                    h.attributedBytesPerEntry());
            o.println("  (java.lang.Long: the boxed producer-id keys; ids below 128 share Long's cache, so a young lab cluster shows"
                    + " fewer than one per entry where production shows one)");
            row(o, h.tables(), h.entries());
            o.println("  (HashMap$Node[]: the maps' tables, doubling as they fill; not in the total above)");
            o.printf(Locale.ROOT, "  live heap gained in all: %,d bytes, %.1f B per entry; the classes that grew most besides:%n",
                    h.liveBytesGained(), h.liveBytesPerEntry());
            for (HeapPerEntry.ClassDelta d : h.others()) {
                row(o, d, h.entries());
            }
            return 0;
        }

        private static void row(PrintStream o, HeapPerEntry.ClassDelta d, long entries) {
            o.printf(Locale.ROOT, "  %-58s %12s %14s %10.2f %8.1f%n", d.className(), String.format(Locale.ROOT, "%,d", d.instances()),
                    String.format(Locale.ROOT, "%,d", d.bytes()), d.instancesPerEntry(entries), d.bytesPerEntry(entries));
        }
    }
}
