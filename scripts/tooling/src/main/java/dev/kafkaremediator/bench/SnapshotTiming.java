package dev.kafkaremediator.bench;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.PartitionProducers;
import dev.kafkaremediator.observe.ProducerIdCensus;
import dev.kafkaremediator.observe.TopicLayout;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Census and snapshot time with the daemon's own code and settings, from its configuration: the
 * census as {@code ClusterObserver} makes it (describeTopics of the whole cluster, then
 * {@code describeProducers} of every partition with a leader, in batches of {@code census.batch-size},
 * each partition's answer tallied as it arrives, as the observer's {@link ProducerIdCensus} does),
 * and a whole {@code ClusterObserver.observe()} (Admin, census, configs, offsets, every broker's
 * JMX). One cold run, then {@code --runs} warm ones on the same connections, as a daemon keeps them.
 */
@Command(name = "snapshot-timing", description = "Time the daemon's census and its whole snapshot (ClusterObserver.observe()) on a configured cluster.")
final class SnapshotTiming implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE") Path config;
    @Option(names = "--cluster", required = true) String cluster;
    @Option(names = "--runs", defaultValue = "5", description = "Warm runs after the cold one (default ${DEFAULT-VALUE}).") int runs;
    @Option(names = "--expected-entries", defaultValue = "-1", description = "Entries the census should see (leaders' view, every topic).")
    long expected;

    private record Census(long nanos, int partitions, long entries, long unknown) { }

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        ClusterConfig cc = ConfigLoader.load(config).cluster(cluster);
        try (ClusterConnections connections = ClusterConnections.open(cc, Clock.systemUTC())) {
            List<Census> census = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                census.add(census(connections, cc));
            }
            Census last = census.get(census.size() - 1);
            if (last.unknown() > 0) {
                o.println("census: " + last.unknown() + " partitions unknown; the figures below are not comparable");
            }
            List<Long> warm = census.subList(1, census.size()).stream().map(Census::nanos).toList();
            o.printf(Locale.ROOT, "census (describeTopics + describeProducers of %d partitions, batches of %d): %,d entries;"
                            + " cold %.0f ms, warm median %.0f ms (min %.0f, max %.0f, %d runs); %.2f us per entry%n",
                    last.partitions(), cc.censusBatchSize(), last.entries(), ms(census.get(0).nanos()), ms(median(warm)),
                    ms(min(warm)), ms(max(warm)), warm.size(), median(warm) / 1e3 / Math.max(1, last.entries()));
            if (expected >= 0) {
                o.printf(Locale.ROOT, "census entries expected from the fill: %,d (%s)%n", expected,
                        last.entries() >= expected ? "all seen" : "MISSING " + (expected - last.entries()));
            }

            List<Long> snapshots = new ArrayList<>();
            ClusterSnapshot snapshot = null;
            for (int i = 0; i <= runs; i++) {
                long start = System.nanoTime();
                snapshot = connections.observer().observe();
                snapshots.add(System.nanoTime() - start);
            }
            List<Long> warmSnapshots = snapshots.subList(1, snapshots.size());
            o.printf(Locale.ROOT, "full snapshot (ClusterObserver.observe(): Admin, census, configs, consumer offsets, JMX of %d brokers):"
                            + " cold %.0f ms, warm median %.0f ms (min %.0f, max %.0f); unknown sources: %s%n",
                    snapshot.brokers().size(), ms(snapshots.get(0)), ms(median(warmSnapshots)), ms(min(warmSnapshots)), ms(max(warmSnapshots)),
                    snapshot.failures().isEmpty() ? "none" : snapshot.failures());
            return last.unknown() == 0 && snapshot.failures().isEmpty() ? 0 : IncidentBenchmark.FAILED;
        }
    }

    /**
     * The census the daemon takes: describeProducers streamed into a {@link ProducerIdCensus} (the
     * observer's tally), no producer's record kept past its batch.
     */
    private static Census census(ClusterConnections connections, ClusterConfig cc) throws Exception {
        long start = System.nanoTime();
        List<TopicLayout> layouts = connections.admin().describeTopics(cc.timeouts().admin());
        List<TopicPartition> led = new ArrayList<>();
        layouts.forEach(l -> l.partitions().stream().filter(p -> p.leader().isPresent())
                .forEach(p -> led.add(new TopicPartition(l.name(), p.partition()))));
        ProducerIdCensus tally = new ProducerIdCensus(Instant.now());
        connections.admin().describeProducers(led, cc.censusBatchSize(), cc.timeouts().census(), tally::accept);
        long nanos = System.nanoTime() - start;
        long entries = led.stream().mapToLong(tp -> tally.partition(tp).optional().map(PartitionProducers::entries).orElse(0)).sum();
        return new Census(nanos, led.size(), entries, tally.unknownPartitions());
    }

    private static long median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static long min(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
