package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.JmxSettings;
import dev.kafkaremediator.config.ObserveTimeouts;
import dev.kafkaremediator.testsupport.InMemoryClusterAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import org.apache.kafka.common.TopicPartition;

/**
 * A census of far more producer-state entries than the heap it runs on: a fake cluster whose
 * partitions answer with entries made as they are read (as the Admin client's records are seen), so
 * the only memory that can grow with the entries is the census's own. Run by {@link CensusMemoryTest}
 * in a JVM of its own with a small heap; prints one line per topic: name, entries, distinct ids.
 */
public final class CensusAtScale {
    private CensusAtScale() {
    }

    /** A partition's answer: {@code n} producers with ids from {@code firstId}, each {@code step} apart, made when read. */
    static final class Answer extends AbstractList<ActiveProducer> implements RandomAccess {
        private final long firstId;
        private final long step;
        private final int n;
        private final Instant at;

        Answer(long firstId, long step, int n, Instant at) {
            this.firstId = firstId;
            this.step = step;
            this.n = n;
            this.at = at;
        }

        @Override
        public ActiveProducer get(int i) {
            return new ActiveProducer(firstId + i * step, at.minusSeconds(i % 3_600));
        }

        @Override
        public int size() {
            return n;
        }
    }

    /** args: topics, partitions per topic, entries per partition. Topic 0's ids are all distinct; the others' producers write every partition. */
    public static void main(String[] args) {
        int topics = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        int perPartition = Integer.parseInt(args[2]);
        Instant now = Instant.parse("2026-12-08T00:00:00Z");
        InMemoryClusterAdmin admin = new InMemoryClusterAdmin();
        admin.membership = new ClusterMembership(Map.of(1, "h1"), OptionalInt.of(1));
        List<TopicLayout> layouts = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            String name = "leak-" + t;
            List<TopicLayout.Partition> ps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                ps.add(new TopicLayout.Partition(p, OptionalInt.of(1), List.of(1), List.of(1)));
                long first = t == 0 ? (long) p * perPartition : (long) t * 1_000_000_000L;
                admin.producers.put(new TopicPartition(name, p), Fact.known(new Answer(first, 1, perPartition, now)));
            }
            layouts.add(new TopicLayout(name, false, ps));
            admin.configs.put(name, new TopicConfigs(Optional.of(-1L), Optional.of("delete"), Optional.of(1)));
        }
        admin.topics = layouts;
        long total = (long) topics * partitions * perPartition;
        BrokerJmx jmx = (endpoint, timeout) -> new BrokerJmxReading(Fact.known(new HeapUsage(1L << 30, 8L << 30, 8L << 30, OptionalLong.empty())),
                Fact.known(new GcTotals(1, Duration.ofMillis(1))), Fact.known(total), Fact.known(0L), Fact.known(0L), Fact.known("RUNNING"),
                Fact.known(true));
        JmxSettings jmxSettings = new JmxSettings(Map.of(1, "h1:9999"), Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), false);
        ClusterConfig config = new ClusterConfig("scale", "h1:9092", Map.of(), jmxSettings,
                new ObserveTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(5)), 100, List.of(),
                java.nio.file.Path.of("/var/tmp/dumps"), dev.kafkaremediator.config.RollSettings.defaults());
        ClusterSnapshot snapshot = new ClusterObserver(config, admin, jmx, Runnable::run, Clock.fixed(now, ZoneOffset.UTC)).observe();
        for (TopicSnapshot topic : snapshot.topics().optional().orElseThrow()) {
            TopicProducers p = topic.producers().optional().orElseThrow(() -> new IllegalStateException(topic.name() + ": " + topic.producers()));
            System.out.println(topic.name() + " " + p.entries() + " " + p.distinctIds());
        }
        System.out.println("heap-used-mb " + ((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20)
                + " max-mb " + (Runtime.getRuntime().maxMemory() >> 20));
    }
}
