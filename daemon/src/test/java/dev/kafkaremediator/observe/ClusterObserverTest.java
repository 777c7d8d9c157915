package dev.kafkaremediator.observe;

import dev.kafkaremediator.testsupport.InMemoryBrokerJmx;
import dev.kafkaremediator.testsupport.InMemoryClusterAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.JmxSettings;
import dev.kafkaremediator.config.ObserveTimeouts;
import dev.kafkaremediator.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ClusterObserverTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final FakeClock clock = new FakeClock(NOW);
    private final InMemoryClusterAdmin admin = new InMemoryClusterAdmin();
    private final Map<String, BrokerJmxReading> jmxByEndpoint = new HashMap<>();
    private final BrokerJmx jmx = (endpoint, timeout) -> {
        BrokerJmxReading reading = jmxByEndpoint.get(endpoint);
        if (reading == null) {
            throw new SourceFailure("JMX " + endpoint + ": ConnectException: Connection refused");
        }
        return reading;
    };

    private ClusterObserver observer() {
        return new ClusterObserver(config(), admin, jmx, Runnable::run, clock);
    }

    private static ClusterConfig config() {
        JmxSettings jmxSettings = new JmxSettings(Map.of(1, "h1:9999", 2, "h2:9999", 3, "h3:9999"), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), false);
        ClusterConfig config = new ClusterConfig("test", "h1:9092", Map.of(), jmxSettings,
                new ObserveTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10)), 500, List.of(),
                java.nio.file.Path.of("/var/tmp/dumps"), dev.kafkaremediator.config.RollSettings.defaults());
        return config;
    }

    private static BrokerJmxReading reading(long producerIds) {
        return new BrokerJmxReading(Fact.known(new HeapUsage(100L << 20, 384L << 20, 384L << 20, OptionalLong.of(20L << 20))),
                Fact.known(new GcTotals(10, Duration.ofMillis(150))), Fact.known(producerIds), Fact.known(0L), Fact.known(0L),
                Fact.known("RUNNING"), Fact.known(false));
    }

    private void threeBrokersOneTopic() {
        admin.membership = new ClusterMembership(Map.of(1, "h1", 2, "h2", 3, "h3"), OptionalInt.of(1));
        admin.topics = List.of(new TopicLayout("orders", false, List.of(
                        new TopicLayout.Partition(0, OptionalInt.of(1), List.of(1, 2, 3), List.of(1, 2, 3)),
                        new TopicLayout.Partition(1, OptionalInt.of(2), List.of(2, 3, 1), List.of(2, 3, 1)))),
                new TopicLayout("__consumer_offsets", true, List.of(
                        new TopicLayout.Partition(0, OptionalInt.of(3), List.of(3, 1, 2), List.of(3, 1, 2)))));
        admin.configs.put("orders", new TopicConfigs(Optional.of(-1L), Optional.of("delete"), Optional.of(2)));
        admin.configs.put("__consumer_offsets", new TopicConfigs(Optional.of(604800000L), Optional.of("compact"), Optional.of(1)));
        Instant t1 = NOW.minusSeconds(60);
        Instant t2 = NOW.minusSeconds(5);
        admin.producers.put(new TopicPartition("orders", 0), Fact.known(List.of(new ActiveProducer(7, t1), new ActiveProducer(8, t2))));
        admin.producers.put(new TopicPartition("orders", 1), Fact.known(List.of(new ActiveProducer(7, t2))));
        jmxByEndpoint.put("h1:9999", reading(3));
        jmxByEndpoint.put("h2:9999", reading(3));
        jmxByEndpoint.put("h3:9999", reading(3));
    }

    private static BrokerJmxReading readingWithInits(long initRequests, long startedAt) {
        BrokerJmxReading r = reading(3);
        return new BrokerJmxReading(r.heap(), r.gc(), r.producerIdCount(), r.underReplicatedPartitions(), r.offlinePartitions(), r.brokerState(),
                r.activeController(), Fact.known(new ProducerInitRequests(initRequests, startedAt)), Fact.unknown("not read"));
    }

    @Test
    void producerCreationRisesOnTheSecondObservationAndTheClusterRateIsUnknownWhileABrokerIsSilent() {
        threeBrokersOneTopic();
        ProducerInitRates rates = new ProducerInitRates();
        long started = NOW.minusSeconds(3600).toEpochMilli();
        for (String endpoint : List.of("h1:9999", "h2:9999", "h3:9999")) {
            jmxByEndpoint.put(endpoint, readingWithInits(10, started));
        }
        ClusterSnapshot first = new ClusterObserver(config(), admin, jmx, Runnable::run, clock, rates).observe();
        assertFalse(first.producerInitsPerSecond().isKnown(), "one reading is no rate");

        clock.advance(Duration.ofSeconds(10));
        jmxByEndpoint.put("h1:9999", readingWithInits(210, started));
        jmxByEndpoint.put("h2:9999", readingWithInits(110, started));
        ClusterSnapshot second = new ClusterObserver(config(), admin, jmx, Runnable::run, clock, rates).observe();
        assertEquals(Optional.of(20.0), second.broker(1).orElseThrow().producerInitsPerSecond().optional());
        assertEquals(Optional.of(0.0), second.broker(3).orElseThrow().producerInitsPerSecond().optional());
        assertEquals(Optional.of(30.0), second.producerInitsPerSecond().optional());

        clock.advance(Duration.ofSeconds(10));
        jmxByEndpoint.remove("h3:9999");
        ClusterSnapshot third = new ClusterObserver(config(), admin, jmx, Runnable::run, clock, rates).observe();
        assertFalse(third.producerInitsPerSecond().isKnown(), "a silent broker makes the sum unknown, never a smaller number");
    }

    @Test
    void aHealthyClusterIsFullyKnown() {
        threeBrokersOneTopic();

        ClusterSnapshot snapshot = observer().observe();

        assertTrue(snapshot.reachable());
        assertEquals(Optional.of(1), snapshot.topicCount().optional(), "internal topics apart");
        assertEquals(Optional.of(3), snapshot.partitionCount().optional());
        TopicProducers orders = snapshot.topic("orders").orElseThrow().producers().optional().orElseThrow();
        assertEquals(3, orders.entries(), "entries: one per producer id per partition");
        assertEquals(2, orders.distinctIds());
        assertEquals(Optional.of(NOW.minusSeconds(60)), orders.oldestLastTimestamp());
        assertEquals(Optional.of(NOW.minusSeconds(5)), orders.newestLastTimestamp());
        assertTrue(snapshot.topic("orders").orElseThrow().configs().optional().orElseThrow().retainedForever());
        assertThat(snapshot.brokers()).extracting(BrokerSnapshot::id).containsExactly(1, 2, 3);
        assertThat(snapshot.failures()).isEmpty();
        assertEquals(1, admin.describeProducersCalls, "one census call for every partition");
    }

    @Test
    void aHealthCheckReadsWhatARollChecksAndNeitherTheCensusNorConsumerOffsets() {
        threeBrokersOneTopic();

        ClusterSnapshot health = observer().observeHealth();

        assertTrue(health.reachable());
        assertEquals(0, admin.describeProducersCalls);
        assertEquals(0, admin.consumerOffsetsCalls);
        assertEquals(Optional.of(3), health.partitionCount().optional());
        assertTrue(health.topic("orders").orElseThrow().configs().isKnown(), "min.insync.replicas is read: the roll checks it");
        assertThat(health.topic("orders").orElseThrow().producers().unknownReason()).hasValueSatisfying(r -> assertThat(r).startsWith("not asked"));
        assertThat(health.brokers()).allSatisfy(b -> assertTrue(b.jmx().brokerState().isKnown(), "every broker's state: the roll checks it"));
        assertThat(health.failures()).as("nothing failed: what was not asked is not a failure").isEmpty();
    }

    @Test
    void aHealthCheckReadsEachBrokersStateAloneNotItsWholeJmx() {
        threeBrokersOneTopic();
        InMemoryBrokerJmx fake = new InMemoryBrokerJmx();
        fake.readings.putAll(jmxByEndpoint);
        fake.readings.put("h2:9999", new BrokerJmxReading(reading(3).heap(), reading(3).gc(), Fact.known(3L), Fact.known(0L), Fact.known(0L),
                Fact.known("RECOVERY"), Fact.known(false)));
        ProducerInitRequests started = new ProducerInitRequests(42, 1_700_000_000_000L);
        fake.readings.put("h1:9999", new BrokerJmxReading(reading(1).heap(), reading(1).gc(), Fact.known(1L), Fact.known(0L), Fact.known(0L),
                Fact.known("RUNNING"), Fact.known(false), Fact.known(started), Fact.unknown("not asked")));

        ClusterSnapshot health = new ClusterObserver(config(), admin, fake, Runnable::run, clock).observeHealth();

        assertEquals(0, fake.reads, "no full read: heap, GC, clients and InitProducerId are not what a roll checks");
        assertEquals(3, fake.stateReads);
        assertEquals(Optional.of("RECOVERY"), health.broker(2).orElseThrow().jmx().brokerState().optional());
        assertThat(health.broker(1).orElseThrow().jmx().producerInitRequests().optional()).as("the JVM's start: a roll cut mid-restart is judged by it")
                .contains(started);
        assertThat(health.brokers()).allSatisfy(b -> assertThat(b.heap().unknownReason()).hasValueSatisfying(r -> assertThat(r).startsWith("not read")));
        assertThat(health.failures()).as("a heap not read is not a failure").isEmpty();

        fake.readings.remove("h3:9999");
        assertThat(new ClusterObserver(config(), admin, fake, Runnable::run, clock).observeHealth().failures())
                .as("a broker whose state cannot be read is").containsKey("jmx broker 3");

        new ClusterObserver(config(), admin, fake, Runnable::run, clock).observe();
        assertEquals(3, fake.reads, "the full observation still reads everything");
    }

    @Test
    void aStoppedBrokerIsUnknownNotZeroAndTheOthersAreStillReported() {
        threeBrokersOneTopic();
        admin.membership = new ClusterMembership(Map.of(1, "h1", 3, "h3"), OptionalInt.of(1));
        jmxByEndpoint.remove("h2:9999");
        admin.topics = List.of(new TopicLayout("orders", false, List.of(
                new TopicLayout.Partition(0, OptionalInt.of(1), List.of(1, 2, 3), List.of(1, 3)))));

        ClusterSnapshot snapshot = observer().observe();

        BrokerSnapshot stopped = snapshot.broker(2).orElseThrow();
        assertFalse(stopped.registered());
        assertFalse(stopped.producerIdCount().isKnown());
        assertThat(stopped.producerIdCount().unknownReason().orElseThrow()).contains("Connection refused");
        assertEquals(Optional.of(3L), snapshot.broker(1).orElseThrow().producerIdCount().optional());
        assertEquals(Optional.of(3L), snapshot.broker(3).orElseThrow().producerIdCount().optional());
        assertThat(snapshot.failures()).containsKey("jmx broker 2");
    }

    @Test
    void anOfflinePartitionMakesItsTopicsCensusUnknownNotSmaller() {
        threeBrokersOneTopic();
        admin.topics = List.of(new TopicLayout("orders", false, List.of(
                new TopicLayout.Partition(0, OptionalInt.of(1), List.of(1), List.of(1)),
                new TopicLayout.Partition(1, OptionalInt.empty(), List.of(2), List.of()))));

        ClusterSnapshot snapshot = observer().observe();

        TopicSnapshot orders = snapshot.topic("orders").orElseThrow();
        assertFalse(orders.producers().isKnown());
        assertThat(orders.producers().unknownReason().orElseThrow()).contains("1 of 2 partitions unknown", "offline");
        assertTrue(orders.partitions().get(0).producers().isKnown(), "the partition that answered is still known");
    }

    @Test
    void anUnreachableClusterStillReportsWhatJmxSays() {
        threeBrokersOneTopic();
        admin.membership = null;
        admin.topics = null;

        ClusterSnapshot snapshot = observer().observe();

        assertFalse(snapshot.reachable());
        assertFalse(snapshot.topicCount().isKnown());
        assertThat(snapshot.failures()).as("the rest is not asked: each call would wait out its own timeout").containsOnlyKeys("describeCluster");
        assertThat(snapshot.topicCount().unknownReason()).hasValue("not asked: the cluster did not answer describeCluster");
        assertEquals(Optional.of(3L), snapshot.broker(1).orElseThrow().producerIdCount().optional(), "configured endpoints are still read");
    }

    @Test
    void aFailedConfigCallLeavesOnlyTheConfigsUnknown() {
        threeBrokersOneTopic();
        admin.configs = null;

        ClusterSnapshot snapshot = observer().observe();

        TopicSnapshot orders = snapshot.topic("orders").orElseThrow();
        assertFalse(orders.configs().isKnown());
        assertTrue(orders.producers().isKnown());
        assertThat(snapshot.failures()).containsOnlyKeys("describeConfigs");
    }
}
