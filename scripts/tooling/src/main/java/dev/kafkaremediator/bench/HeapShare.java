package dev.kafkaremediator.bench;

import dev.kafkaremediator.act.ClassHistogram;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.ProducerStateSize;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue #14's "done when": the class-histogram action's bytes per entry on a broker holding the
 * incident's entries, and the policy's share of heap ({@code broker.producer-state-heap-ratio}, as
 * the daemon computes it from one JMX reading: ProducerIdCount x bytes per entry / max heap) against
 * the histogram's producer-state bytes over the same max heap. The histogram is parsed by the
 * action's own {@link ClassHistogram} (the same gcClassHistogram text the action reads); the reading
 * is the daemon's {@code RemoteBrokerJmx}, first with the version's default size (what the policy
 * uses before any histogram), then with the size this histogram measured (what it uses after one).
 */
@Command(name = "heap-share", description = "Bytes per entry by the class-histogram action's parser, and the daemon's producer-state share of heap"
        + " against the histogram's.")
final class HeapShare implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE") Path config;
    @Option(names = "--cluster", required = true) String cluster;
    @Option(names = "--broker", defaultValue = "1", description = "The broker whose histogram --histogram is (default ${DEFAULT-VALUE}).") int broker;
    @Option(names = "--histogram", required = true, paramLabel = "FILE", description = "Its gcClassHistogram, taken just before.") Path histogram;
    @Option(names = "--bytes-range", split = ",", defaultValue = "230,280", description = "Bytes per entry the issue expects (default ${DEFAULT-VALUE}).")
    long[] bytesRange;
    @Option(names = "--tolerance", defaultValue = "0.10", description = "Largest relative difference of the shares (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        ClassHistogram h = ClassHistogram.parse(Files.readString(histogram), 10);
        if (h.bytesPerEntry().isEmpty()) {
            o.println("heap share: the histogram holds no ProducerStateEntry");
            return IncidentBenchmark.FAILED;
        }
        long perEntry = h.bytesPerEntry().getAsLong();
        boolean inRange = perEntry >= bytesRange[0] && perEntry <= bytesRange[1];
        o.printf(Locale.ROOT, "class-histogram action (ClassHistogram.parse of broker %d's histogram): %,d entries, %,d B of producer state,"
                        + " %d B per entry (expected %d-%d: %s); %.1f%% of the live heap%n", broker, h.producerStateEntries(), h.producerStateBytes(),
                perEntry, bytesRange[0], bytesRange[1], inRange ? "MET" : "MISSED", 100 * h.producerStateShare());

        ClusterConfig cc = ConfigLoader.load(config).cluster(cluster);
        String endpoint = cc.jmx().endpoint(broker, Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException("no JMX endpoint for broker " + broker + " in " + config));
        boolean met = inRange;
        try (ClusterConnections connections = ClusterConnections.open(cc, Clock.systemUTC())) {
            BrokerJmxReading byDefault = connections.jmx().read(endpoint, cc.timeouts().jmx());
            met &= share(o, "default size (no histogram yet)", byDefault, h);
            connections.jmx().rememberProducerStateSize(endpoint, ProducerStateSize.measured(perEntry, Instant.now()));
            BrokerJmxReading byMeasured = connections.jmx().read(endpoint, cc.timeouts().jmx());
            met &= share(o, "size measured by this histogram", byMeasured, h);
        }
        return met ? 0 : IncidentBenchmark.FAILED;
    }

    /** One line: the daemon's ratio from {@code reading} against the histogram's bytes over the same max heap. */
    private boolean share(PrintStream o, String label, BrokerJmxReading reading, ClassHistogram h) {
        Optional<Double> daemon = reading.producerStateHeapRatio().optional();
        Optional<Long> max = reading.heap().optional().map(HeapUsage::max).filter(m -> m > 0);
        if (daemon.isEmpty() || max.isEmpty()) {
            o.printf(Locale.ROOT, "  daemon's producer-state-heap-ratio, %s: unknown (%s)%n", label,
                    reading.producerStateHeapRatio().unknownReason().orElse("max heap unknown"));
            return false;
        }
        double histogramShare = (double) h.producerStateBytes() / max.get();
        double difference = Math.abs(daemon.get() - histogramShare) / histogramShare;
        boolean within = difference <= tolerance;
        o.printf(Locale.ROOT, "  daemon's broker.producer-state-heap-ratio, %s: ProducerIdCount %,d x %d B / max heap %,d B = %.3f;"
                        + " histogram %,d B / max heap = %.3f; difference %.1f%% (limit %.0f%%: %s)%n",
                label, reading.producerIdCount().optional().orElse(-1L), reading.producerStateSize().bytesPerEntry(), max.get(), daemon.get(),
                h.producerStateBytes(), histogramShare, 100 * difference, 100 * tolerance, within ? "MET" : "MISSED");
        return within;
    }
}
