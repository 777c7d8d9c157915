package dev.kafkaremediator.bench;

import dev.kafkaremediator.observe.ActiveProducer;
import dev.kafkaremediator.observe.KafkaClusterAdmin;
import dev.kafkaremediator.observe.TopicLayout;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The measuring half of {@code scripts/bench-census.sh}: on a cluster already filled with
 * producer-id state, times the remediator's census ({@link KafkaClusterAdmin#describeProducers},
 * batched) over the first 500/1,000/2,000 partitions of the given topics, and Kafka's own
 * {@code TransactionsCommand describe-producers} looping over the same partitions one by one:
 * in this JVM over every partition (measured), and as a JVM per partition on an evenly spread
 * sample (extrapolated, and labelled so). Prints the figures and whether the aims are met:
 * at least {@code --min-speedup} times faster than the per-partition loop, and time growing no
 * faster than linearly with partitions. Not a test; nothing in the build runs it.
 */
@Command(name = "CensusBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the remediator's producer-id census against Kafka's TransactionsCommand describe-producers per partition.",
                "Needs kafka-tools on the classpath (the local cluster's broker.classpath) for the Kafka side."},
        footer = {"", "Exit status: 0 measured (the aims are reported, not enforced), 1 a census or tool call failed, 2 usage error."})
public final class CensusBenchmark implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topics", required = true, split = ",", paramLabel = "TOPIC,...",
            description = "Topics whose partitions, in this order, make the partition list; a size N takes its first N partitions.")
    List<String> topics;

    @Option(names = "--sizes", split = ",", defaultValue = "500,1000,2000", paramLabel = "N,...",
            description = "Partition counts to time the census at (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "7", description = "Timed census runs per size, after one cold run (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--batch-size", defaultValue = "100", description = "Census batch size, as the daemon's census.batch-size (default ${DEFAULT-VALUE}, the daemon's).")
    int batchSize;

    @Option(names = "--timeout-seconds", defaultValue = "120", description = "Timeout of one census (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--tool-warmup", defaultValue = "100",
            description = "In-process tool calls made (and not counted) before the timed pass (default ${DEFAULT-VALUE}).")
    int toolWarmup;

    @Option(names = "--skip-in-process-tool", description = "Do not run Kafka's tool in this JVM over every partition.")
    boolean skipInProcessTool;

    @Option(names = "--fresh-admin-sample", defaultValue = "50",
            description = "Partitions sampled for the in-process tool with a new Admin per call, as its main makes; 0 skips (default ${DEFAULT-VALUE}).")
    int freshAdminSample;

    @Option(names = "--jvm-sample", defaultValue = "20",
            description = "Partitions sampled for the tool as a JVM per partition (kafka-transactions.sh); 0 skips (default ${DEFAULT-VALUE}).")
    int jvmSample;

    @Option(names = "--tool-classpath", paramLabel = "CLASSPATH",
            description = "Classpath of the tool JVMs (the local cluster's broker.classpath); default: this JVM's classpath.")
    String toolClasspath;

    @Option(names = "--tool-jvm-opts", paramLabel = "OPTS", defaultValue = KafkaToolLoop.KAFKA_RUN_CLASS_JVM_OPTS,
            description = "JVM options of the tool JVMs (default: kafka-run-class.sh's: ${DEFAULT-VALUE}).")
    String toolJvmOpts;

    @Option(names = "--expected-entries", defaultValue = "-1",
            description = "Producer-state entries the fill should have made over all the partitions; checked against the census if given.")
    long expectedEntries;

    @Option(names = "--min-speedup", defaultValue = "10", description = "Aim: census at least this many times faster (default ${DEFAULT-VALUE}).")
    double minSpeedup;

    @Option(names = "--noise", defaultValue = "0.25",
            description = "Allowance over linear growth for noise: time(max)/time(min) may reach size ratio x (1 + noise) (default ${DEFAULT-VALUE}).")
    double noise;

    private final PrintStream out;

    CensusBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new CensusBenchmark(System.out));
        System.exit(cli.execute(args));
    }

    /** One census: how long, what it saw. */
    record CensusRun(int partitions, long nanos, long entries, int distinctIds, int unknown, String firstUnknownReason) { }

    /** Timed runs of one size. */
    record Timings(int partitions, long entries, int distinctIds, List<Long> nanos) {
        long median() {
            List<Long> sorted = nanos.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        long min() {
            return nanos.stream().min(Comparator.naturalOrder()).orElseThrow();
        }

        long max() {
            return nanos.stream().max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> wanted = new ArrayList<>(new TreeSet<>(sizes));
        if (runs < 1 || batchSize < 1 || wanted.isEmpty() || wanted.get(0) < 1 || freshAdminSample < 0 || jvmSample < 0 || toolWarmup < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--runs, --batch-size and --sizes must be positive; the samples and --tool-warmup not negative");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "census-benchmark");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            KafkaClusterAdmin census = new KafkaClusterAdmin("bench", admin, Clock.systemUTC());

            long layoutStart = System.nanoTime();
            List<TopicLayout> layouts = census.describeTopics(timeout);
            long layoutNanos = System.nanoTime() - layoutStart;
            List<TopicPartition> all = partitionList(layouts);
            int largest = wanted.get(wanted.size() - 1);
            if (largest > all.size()) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--sizes asks for " + largest + " partitions; the topics " + topics + " have " + all.size());
            }
            describeSetup(layouts, all, layoutNanos);

            // Remediator: one cold census (new connections, first metadata), then timed runs per size.
            out.println();
            out.println("== Remediator census: KafkaClusterAdmin.describeProducers, batches of " + batchSize
                    + ", one long-lived Admin (as the daemon keeps) ==");
            CensusRun cold = census(census, all.subList(0, largest), timeout);
            if (cold.unknown() > 0) {
                out.println("FAILED: the census left " + cold.unknown() + " partitions unknown: " + cold.firstUnknownReason());
                return 1;
            }
            out.printf(Locale.ROOT, "cold (first call): %d partitions, %d entries in %.1f ms%n", largest, cold.entries(), ms(cold.nanos()));
            Map<Integer, Timings> censusTimings = new TreeMap<>();
            for (int run = 0; run < runs; run++) {
                // Rotate the order of the sizes between runs so no size always runs right after another.
                for (int i = 0; i < wanted.size(); i++) {
                    int size = wanted.get((i + run) % wanted.size());
                    CensusRun r = census(census, all.subList(0, size), timeout);
                    if (r.unknown() > 0) {
                        out.println("FAILED: the census of " + size + " partitions left " + r.unknown() + " unknown: " + r.firstUnknownReason());
                        return 1;
                    }
                    censusTimings.computeIfAbsent(size, s -> new Timings(s, r.entries(), r.distinctIds(), new ArrayList<>())).nanos().add(r.nanos());
                }
            }
            out.printf(Locale.ROOT, "%-10s %-9s %-12s %-10s %-10s %-10s %-12s%n",
                    "partitions", "entries", "distinct ids", "median ms", "min ms", "max ms", "us/partition");
            for (Timings t : censusTimings.values()) {
                out.printf(Locale.ROOT, "%-10d %-9d %-12d %-10.1f %-10.1f %-10.1f %-12.1f%n", t.partitions(), t.entries(), t.distinctIds(),
                        ms(t.median()), ms(t.min()), ms(t.max()), t.median() / 1000.0 / t.partitions());
            }
            out.println("(" + runs + " warm runs per size after the cold one)");
            List<Long> fullNanos = new ArrayList<>();
            long fullEntries = 0;
            int fullPartitions = 0;
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                List<TopicLayout> now = census.describeTopics(timeout);
                List<TopicPartition> led = new ArrayList<>();
                for (TopicLayout layout : now) {
                    layout.partitions().stream().filter(p -> p.leader().isPresent())
                            .forEach(p -> led.add(new TopicPartition(layout.name(), p.partition())));
                }
                long[] entries = {0};
                census.describeProducers(led, batchSize, timeout, (tp, answer) -> entries[0] += answer.optional().map(List::size).orElse(0));
                fullNanos.add(System.nanoTime() - start);
                fullPartitions = led.size();
                fullEntries = entries[0];
            }
            Timings full = new Timings(fullPartitions, fullEntries, 0, fullNanos);
            out.printf(Locale.ROOT, "full census as the observer makes it (describeTopics of the whole cluster + describeProducers of every led"
                    + " partition, %d partitions, %d entries): median %.1f ms, min %.1f ms%n", fullPartitions, fullEntries,
                    ms(full.median()), ms(full.min()));
            if (expectedEntries >= 0) {
                Timings top = censusTimings.get(largest);
                out.println("entries expected from the fill: " + expectedEntries + ", seen by the census: " + top.entries()
                        + (top.entries() == expectedEntries ? " (all)" : " (MISMATCH)"));
            }

            // Kafka's tool, one partition at a time.
            out.println();
            out.println("== Kafka's tool: TransactionsCommand describe-producers --topic T --partition P, one call per partition ("
                    + KafkaToolLoop.toolLocation() + ") ==");
            KafkaToolLoop tool = new KafkaToolLoop(bootstrapServers);
            Map<Integer, long[]> inProcess = new TreeMap<>();   // size -> {cumulative nanos, cumulative entries}
            if (!skipInProcessTool) {
                tool.inProcess(all.subList(0, Math.min(toolWarmup, largest)), admin);
                List<KafkaToolLoop.Call> calls = tool.inProcess(all.subList(0, largest), admin);
                long nanos = 0;
                long entries = 0;
                for (int i = 0; i < calls.size(); i++) {
                    nanos += calls.get(i).nanos();
                    entries += calls.get(i).producers();
                    if (wanted.contains(i + 1)) {
                        inProcess.put(i + 1, new long[] {nanos, entries});
                    }
                }
                long[] top = inProcess.get(largest);
                out.printf(Locale.ROOT, "in this JVM, one shared Admin (the cheapest a per-partition loop can be), MEASURED over all %d partitions"
                        + " after %d warm-up calls: %.1f ms (%.2f ms per partition), %d entries (%s the census)%n",
                        largest, Math.min(toolWarmup, largest), ms(top[0]), ms(top[0]) / largest, top[1],
                        top[1] == censusTimings.get(largest).entries() ? "same as" : "DIFFERENT FROM");
            }
            double perFreshAdminCall = Double.NaN;
            if (freshAdminSample > 0) {
                List<TopicPartition> sample = sample(all.subList(0, largest), freshAdminSample);
                List<KafkaToolLoop.Call> calls = tool.inProcessFreshAdmin(sample);
                perFreshAdminCall = meanMs(calls);
                out.printf(Locale.ROOT, "in this JVM, a new Admin per call as the tool's main makes, sample of %d partitions: mean %.1f ms per call"
                        + " (min %.1f, max %.1f) -> EXTRAPOLATED to %d partitions: %.0f ms%n", calls.size(), perFreshAdminCall,
                        minMs(calls), maxMs(calls), largest, perFreshAdminCall * largest);
            }
            double perJvmCall = Double.NaN;
            if (jvmSample > 0) {
                List<TopicPartition> sample = sample(all.subList(0, largest), jvmSample);
                String classpath = toolClasspath != null ? toolClasspath : System.getProperty("java.class.path");
                List<String> options = toolJvmOpts.isBlank() ? List.of() : Arrays.asList(toolJvmOpts.trim().split("\\s+"));
                List<KafkaToolLoop.Call> calls = tool.jvmPerPartition(sample, classpath, options);
                perJvmCall = meanMs(calls);
                long entries = calls.stream().mapToLong(KafkaToolLoop.Call::producers).sum();
                out.printf(Locale.ROOT, "a JVM per partition as kafka-transactions.sh runs it, sample of %d partitions spread over all %d:"
                        + " mean %.0f ms per partition (min %.0f, max %.0f), %d entries -> EXTRAPOLATED to %d partitions: %.0f ms (%.1f min)%n",
                        calls.size(), largest, perJvmCall, minMs(calls), maxMs(calls), entries, largest, perJvmCall * largest,
                        perJvmCall * largest / 60_000);
            }

            summary(censusTimings, full, inProcess, perFreshAdminCall, perJvmCall);
            return 0;
        }
    }

    private void describeSetup(List<TopicLayout> layouts, List<TopicPartition> all, long layoutNanos) {
        Set<Integer> rfs = new TreeSet<>();
        Map<Integer, Integer> leaders = new TreeMap<>();
        Set<String> wantedTopics = new HashSet<>(topics);
        for (TopicLayout layout : layouts) {
            if (wantedTopics.contains(layout.name())) {
                for (TopicLayout.Partition p : layout.partitions()) {
                    rfs.add(p.replicas().size());
                    p.leader().ifPresent(id -> leaders.merge(id, 1, Integer::sum));
                }
            }
        }
        out.println("== Setup ==");
        out.println("topics: " + topics.stream().map(t -> t + " (" + all.stream().filter(tp -> tp.topic().equals(t)).count() + ")")
                .collect(Collectors.joining(", ")) + "; " + all.size() + " partitions in all, replication factor "
                + rfs.stream().map(String::valueOf).collect(Collectors.joining("/")));
        out.println("leaders per broker: " + leaders);
        out.printf(Locale.ROOT, "describeTopics of the whole cluster (%d topics), first call: %.1f ms%n", layouts.size(), ms(layoutNanos));
    }

    /** The given topics' partitions, topic by topic in the order given, partitions in order. */
    private List<TopicPartition> partitionList(List<TopicLayout> layouts) {
        Map<String, TopicLayout> byName = new LinkedHashMap<>();
        layouts.forEach(l -> byName.put(l.name(), l));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            TopicLayout layout = byName.get(topic);
            if (layout == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no topic " + topic + " on the cluster");
            }
            layout.partitions().stream().map(TopicLayout.Partition::partition).sorted()
                    .forEach(p -> all.add(new TopicPartition(topic, p)));
        }
        return all;
    }

    /** The daemon's way: each partition's answer tallied as its batch arrives (the streaming overload), no record kept. */
    private CensusRun census(KafkaClusterAdmin census, List<TopicPartition> partitions, Duration timeout) {
        long[] entries = {0};
        int[] unknown = {0};
        String[] reason = {null};
        Set<Long> ids = new HashSet<>();
        long start = System.nanoTime();
        census.describeProducers(partitions, batchSize, timeout, (tp, answer) -> {
            if (!answer.isKnown()) {
                unknown[0]++;
                reason[0] = reason[0] != null ? reason[0] : answer.unknownReason().orElse("");
                return;
            }
            for (ActiveProducer p : answer.optional().orElseThrow()) {
                entries[0]++;
                ids.add(p.producerId());
            }
        });
        long nanos = System.nanoTime() - start;
        return new CensusRun(partitions.size(), nanos, entries[0], ids.size(), unknown[0], reason[0]);
    }

    private void summary(Map<Integer, Timings> census, Timings full, Map<Integer, long[]> inProcess, double perFreshAdminCall,
                         double perJvmCall) {
        out.println();
        out.println("== Summary (remediator: median of " + runs + " warm runs; Kafka tool: one call per partition;"
                + " ratio = Kafka tool time / remediator census time) ==");
        out.printf(Locale.ROOT, "%-10s %-8s %-13s %-22s %-8s %-24s %-8s %-25s %-8s%n", "partitions", "entries", "remediator ms",
                "tool in-JVM ms (meas.)", "ratio", "tool new-Admin ms (extr.)", "ratio", "tool JVM/partition ms (extr.)", "ratio");
        for (Timings t : census.values()) {
            double censusMs = ms(t.median());
            long[] measured = inProcess.get(t.partitions());
            double freshMs = perFreshAdminCall * t.partitions();
            double jvmMs = perJvmCall * t.partitions();
            out.printf(Locale.ROOT, "%-10d %-8d %-13.1f %-22s %-8s %-24s %-8s %-25s %-8s%n", t.partitions(), t.entries(), censusMs,
                    measured == null ? "-" : String.format(Locale.ROOT, "%.1f", ms(measured[0])),
                    measured == null ? "-" : ratio(ms(measured[0]), censusMs),
                    Double.isNaN(freshMs) ? "-" : String.format(Locale.ROOT, "%.0f", freshMs),
                    Double.isNaN(freshMs) ? "-" : ratio(freshMs, censusMs),
                    Double.isNaN(jvmMs) ? "-" : String.format(Locale.ROOT, "%.0f", jvmMs),
                    Double.isNaN(jvmMs) ? "-" : ratio(jvmMs, censusMs));
        }
        out.println("(meas. = measured over every partition, in one pass; extr. = mean of the sample x partitions)");
        out.printf(Locale.ROOT, "full census incl. describeTopics, %d partitions (whole cluster): %.1f ms%n", full.partitions(), ms(full.median()));

        Timings smallest = census.values().iterator().next();
        Timings largest = census.values().stream().reduce((a, b) -> b).orElseThrow();
        double censusMs = ms(largest.median());
        out.println();
        out.println("Aims:");
        long[] measured = inProcess.get(largest.partitions());
        boolean speedMet = true;
        List<String> speed = new ArrayList<>();
        if (measured != null) {
            double r = ms(measured[0]) / censusMs;
            speedMet &= r >= minSpeedup;
            speed.add(String.format(Locale.ROOT, "%.0fx vs the in-JVM loop (measured)", r));
        }
        if (!Double.isNaN(perJvmCall)) {
            double r = perJvmCall * largest.partitions() / censusMs;
            speedMet &= r >= minSpeedup;
            speed.add(String.format(Locale.ROOT, "%.0fx vs the JVM-per-partition loop (extrapolated)", r));
        }
        if (speed.isEmpty()) {
            out.println("  speed: not measured (no Kafka tool run)");
        } else {
            out.printf(Locale.ROOT, "  speed at %d partitions: census %s; aim >= %.0fx: %s%n", largest.partitions(),
                    String.join(", ", speed), minSpeedup, speedMet ? "MET" : "NOT MET");
        }
        if (largest.partitions() > smallest.partitions()) {
            double sizeRatio = (double) largest.partitions() / smallest.partitions();
            double timeRatio = (double) largest.median() / smallest.median();
            double bestRatio = (double) largest.min() / smallest.min();
            double limit = sizeRatio * (1 + noise);
            out.printf(Locale.ROOT, "  growth: census time x%.2f on medians (x%.2f on best runs) for x%.1f the partitions (%d -> %d;"
                            + " %.1f -> %.1f us/partition); aim no worse than linear (medians <= x%.1f incl. %.0f%% noise): %s%n",
                    timeRatio, bestRatio, sizeRatio, smallest.partitions(), largest.partitions(),
                    smallest.median() / 1000.0 / smallest.partitions(), largest.median() / 1000.0 / largest.partitions(),
                    limit, noise * 100, timeRatio <= limit ? "MET" : "NOT MET");
        }
    }

    /** {@code n} partitions evenly spread over the list (all of them if it is shorter). */
    static List<TopicPartition> sample(List<TopicPartition> partitions, int n) {
        if (n >= partitions.size()) {
            return List.copyOf(partitions);
        }
        List<TopicPartition> sample = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sample.add(partitions.get((int) ((long) i * partitions.size() / n)));
        }
        return sample;
    }

    private static String ratio(double slow, double fast) {
        return String.format(Locale.ROOT, "%.0fx", slow / fast);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double meanMs(List<KafkaToolLoop.Call> calls) {
        return calls.stream().mapToLong(KafkaToolLoop.Call::nanos).average().orElse(Double.NaN) / 1e6;
    }

    private static double minMs(List<KafkaToolLoop.Call> calls) {
        return calls.stream().mapToLong(KafkaToolLoop.Call::nanos).min().orElse(0) / 1e6;
    }

    private static double maxMs(List<KafkaToolLoop.Call> calls) {
        return calls.stream().mapToLong(KafkaToolLoop.Call::nanos).max().orElse(0) / 1e6;
    }
}
