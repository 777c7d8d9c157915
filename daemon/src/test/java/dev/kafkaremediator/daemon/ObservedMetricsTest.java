package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.GcTotals;
import dev.kafkaremediator.observe.HeapUsage;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ObservedMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static BrokerSnapshot broker(int id, Fact<Long> producerIds) {
        BrokerJmxReading reading = producerIds.isKnown()
                ? new BrokerJmxReading(Fact.known(new HeapUsage(100, 200, 300, OptionalLong.empty())), Fact.known(new GcTotals(1, Duration.ZERO)),
                        producerIds, Fact.known(0L), Fact.known(0L), Fact.known("RUNNING"), Fact.known(false))
                : BrokerJmxReading.unknown("JMX h:1: connection refused");
        return new BrokerSnapshot(id, Optional.of("h"), producerIds.isKnown(), Optional.of("h:1"), reading);
    }

    private static ClusterSnapshot snapshot(BrokerSnapshot... brokers) {
        return new ClusterSnapshot("c", NOW, Duration.ofMillis(250), Fact.known(new ClusterMembership(Map.of(1, "h"), OptionalInt.empty())),
                List.of(brokers), Fact.known(List.of()), Fact.unknown("not asked"), Map.of());
    }

    private static String scrape(ObservedMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownProducerIdCountRemovesTheSeriesInsteadOfReportingZero() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        metrics.record(snapshot(broker(1, Fact.known(500L)), broker(2, Fact.known(500L))));
        assertThat(scrape(metrics)).contains("kafka_remediator_broker_producer_ids{broker=\"2\",cluster=\"c\"} 500.0");

        metrics.record(snapshot(broker(1, Fact.known(510L)), broker(2, Fact.unknown("JMX h:1: connection refused"))));

        String text = scrape(metrics);
        assertThat(text).contains("kafka_remediator_broker_producer_ids{broker=\"1\",cluster=\"c\"} 510.0");
        assertThat(text).doesNotContain("kafka_remediator_broker_producer_ids{broker=\"2\"");
        assertThat(text).contains("kafka_remediator_broker_jmx_up{broker=\"2\",cluster=\"c\"} 0.0");
        assertThat(text).contains("kafka_remediator_snapshots_total{cluster=\"c\"} 2.0");
    }

    @Test
    void aBrokerThatLeftTheSnapshotLeavesNoSeries() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        metrics.record(snapshot(broker(1, Fact.known(1L)), broker(2, Fact.known(1L))));
        metrics.record(snapshot(broker(1, Fact.known(1L))));
        assertThat(scrape(metrics)).doesNotContain("broker=\"2\"");
    }

    @Test
    void producerStateIsExportedInBytesAndAsAShareOfMaxHeapAndHeapAfterGcWithItsTime() throws Exception {
        java.time.Instant collected = NOW.minusSeconds(90);
        HeapUsage heap = new HeapUsage(300L << 20, 384L << 20, 400L << 20,
                Fact.known(new dev.kafkaremediator.observe.HeapAfterGc(120L << 20, collected, "G1 Young Generation (mixed)")));
        BrokerJmxReading reading = new BrokerJmxReading(Fact.known(heap), Fact.known(new GcTotals(1, Duration.ZERO)), Fact.known(500_000L),
                Fact.known(0L), Fact.known(0L), Fact.known("RUNNING"), Fact.known(false), Fact.known("4.4.0"),
                dev.kafkaremediator.observe.ProducerStateSize.defaultFor(Optional.of("4.4.0")));
        ObservedMetrics metrics = new ObservedMetrics(10);
        metrics.record(snapshot(new BrokerSnapshot(1, Optional.of("h"), true, Optional.of("h:1"), reading)));

        String text = scrape(metrics);
        assertThat(text).contains("kafka_remediator_broker_producer_state_bytes{broker=\"1\",cluster=\"c\"} 1.28E8");
        assertThat(text).contains("kafka_remediator_broker_producer_state_heap_ratio{broker=\"1\",cluster=\"c\"} 0.30517578125");
        assertThat(text).contains("kafka_remediator_broker_heap_after_gc_bytes{broker=\"1\",cluster=\"c\"} 1.2582912E8");
        assertThat(text).contains("kafka_remediator_broker_heap_after_gc_timestamp_seconds{broker=\"1\",cluster=\"c\"} " + Double.toString(collected.toEpochMilli() / 1000.0));

        metrics.record(snapshot(broker(1, Fact.unknown("JMX h:1: connection refused"))));
        assertThat(scrape(metrics)).doesNotContain("kafka_remediator_broker_producer_state_bytes{").doesNotContain("kafka_remediator_broker_heap_after_gc_bytes{");
    }

    @Test
    void producerCreationIsExportedPerBrokerAndSummedAndAbsentWhenABrokerIsUnknown() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        BrokerSnapshot b1 = broker(1, Fact.known(1L));
        BrokerSnapshot b2 = broker(2, Fact.known(1L));
        metrics.record(snapshot(withRate(b1, Fact.known(12.0)), withRate(b2, Fact.known(25.0))));
        String text = scrape(metrics);
        assertThat(text).contains("kafka_remediator_broker_producer_inits_per_second{broker=\"1\",cluster=\"c\"} 12.0");
        assertThat(text).contains("kafka_remediator_cluster_producer_inits_per_second{cluster=\"c\"} 37.0");

        metrics.record(snapshot(withRate(b1, Fact.known(12.0)), withRate(b2, Fact.unknown("JMX h:1: connection refused"))));
        text = scrape(metrics);
        assertThat(text).doesNotContain("kafka_remediator_cluster_producer_inits_per_second{");
        assertThat(text).doesNotContain("kafka_remediator_broker_producer_inits_per_second{broker=\"2\"");
    }

    private static BrokerSnapshot withRate(BrokerSnapshot b, Fact<Double> rate) {
        return new BrokerSnapshot(b.id(), b.host(), b.registered(), b.jmxEndpoint(), b.jmx(), rate);
    }

    @Test
    void actionsFindingsAndTheExpiryAndRollGaugesAreCounted() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        metrics.record(snapshot(broker(1, Fact.known(1L))));
        String text = scrape(metrics);
        assertThat(text).contains("kafka_remediator_expiry_lowered{cluster=\"c\"} 0.0").contains("kafka_remediator_roll_in_progress{cluster=\"c\"} 0.0");

        metrics.findingOpened("c", "producer-churn", "warning");
        metrics.event("c", "expire-producers", "expiry-lowered", Map.of("value", 120000));
        metrics.event("c", "roll", "start", Map.of());
        text = scrape(metrics);
        assertThat(text).contains("kafka_remediator_findings_opened_total{cluster=\"c\",policy=\"producer-churn\",severity=\"warning\"} 1.0")
                .contains("kafka_remediator_expiry_lowered{cluster=\"c\"} 1.0").contains("kafka_remediator_roll_in_progress{cluster=\"c\"} 1.0");

        metrics.event("c", "expire-producers", "end", Map.of("producer.id.expiration.ms", List.of("broker 2: NOT restored to 3600000: timed out",
                "cluster default: (removed)")));
        assertThat(scrape(metrics)).as("a failed restore leaves it lowered").contains("kafka_remediator_expiry_lowered{cluster=\"c\"} 1.0");
        metrics.event("c", "expire-producers", "end", Map.of("producer.id.expiration.ms", List.of("cluster default: (removed)")));
        dev.kafkaremediator.act.RunResult failedRoll = new dev.kafkaremediator.act.RunResult(dev.kafkaremediator.act.RunResult.Status.FAILED, Map.of(),
                List.of(), Optional.empty(), Optional.empty(), Optional.of("broker 2 did not come back"), Optional.empty());
        metrics.ended("c", "roll", failedRoll);
        text = scrape(metrics);
        assertThat(text).contains("kafka_remediator_expiry_lowered{cluster=\"c\"} 0.0").contains("kafka_remediator_roll_in_progress{cluster=\"c\"} 0.0")
                .contains("kafka_remediator_actions_total{action=\"roll\",cluster=\"c\",outcome=\"failed\"} 1.0");
        assertThat(metrics.names()).contains("kafka_remediator_actions_total", "kafka_remediator_findings_opened_total", "kafka_remediator_expiry_lowered",
                "kafka_remediator_cluster_producer_inits_per_second", "kafka_remediator_broker_heap_after_gc_bytes");
    }

    @Test
    void theOwnerSeriesNamesThisInstanceWhileItObservesTheCluster() throws Exception {
        dev.kafkaremediator.time.FakeClock clock = new dev.kafkaremediator.time.FakeClock(NOW);
        ObservedMetrics metrics = new ObservedMetrics(10, "ops-1", Duration.ofSeconds(30), clock);
        assertThat(scrape(metrics)).contains("kafka_remediator_instance_info{remediator_instance=\"ops-1\"} 1.0")
                .doesNotContain("kafka_remediator_cluster_owner{");

        metrics.record(snapshot(broker(1, Fact.known(500L))));
        assertThat(scrape(metrics)).contains("kafka_remediator_cluster_owner{cluster=\"c\",remediator_instance=\"ops-1\"} 1.0");

        clock.advance(Duration.ofSeconds(30));
        assertThat(scrape(metrics)).contains("kafka_remediator_cluster_owner{cluster=\"c\"");
        clock.advance(Duration.ofMillis(1));
        assertThat(scrape(metrics)).as("not observed here for longer than ownerFor: another instance may have it").doesNotContain("kafka_remediator_cluster_owner{");

        metrics.record(snapshot(broker(1, Fact.known(500L))));
        metrics.released("c");
        assertThat(scrape(metrics)).doesNotContain("kafka_remediator_cluster_owner{");
    }

    @Test
    void aRemovedClusterLeavesNoSeriesAtAll() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        metrics.record(snapshot(broker(1, Fact.known(500L)), broker(2, Fact.known(500L))));
        metrics.findingOpened("c", "leak", "warning");
        metrics.event("c", "roll", "start", Map.of());
        assertThat(scrape(metrics)).contains("cluster=\"c\"");

        metrics.removeCluster("c");

        assertThat(scrape(metrics)).doesNotContain("cluster=\"c\"");
    }

    @Test
    void aClusterRunElsewhereSinceKeepsOnlyThisInstancesCounters() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        metrics.record(snapshot(broker(1, Fact.known(500L))));
        metrics.recordFindings("c", List.of());
        metrics.findingOpened("c", "leak", "warning");
        assertThat(scrape(metrics)).contains("kafka_remediator_cluster_reachable{cluster=\"c\"}", "kafka_remediator_snapshot_last_timestamp_seconds{");

        metrics.forgetObservations("c");

        assertThat(scrape(metrics)).doesNotContain("kafka_remediator_cluster_reachable{cluster=\"c\"}", "kafka_remediator_snapshot_last_timestamp_seconds{",
                        "kafka_remediator_broker_producer_ids{")
                .contains("kafka_remediator_snapshots_total{cluster=\"c\"}", "kafka_remediator_findings_opened_total{cluster=\"c\"");
    }

    @Test
    void aCensusCutShortIsCountedByWhyAndAWholeOneIsZero() throws Exception {
        dev.kafkaremediator.observe.CensusPermits permits = dev.kafkaremediator.observe.CensusPermits.ofEntries(1_000);
        List<dev.kafkaremediator.observe.PartitionSnapshot> partitions = List.of(
                new dev.kafkaremediator.observe.PartitionSnapshot(0, OptionalInt.of(1), List.of(1), List.of(1),
                        Fact.unknown("partition leak-0 held 9,000 producer-state entries at the last census; " + permits.tooLarge(9_000))),
                new dev.kafkaremediator.observe.PartitionSnapshot(1, OptionalInt.of(1), List.of(1), List.of(1),
                        Fact.unknown("census timed out after 60s before this partition")),
                new dev.kafkaremediator.observe.PartitionSnapshot(2, OptionalInt.of(1), List.of(1), List.of(1),
                        Fact.known(new dev.kafkaremediator.observe.PartitionProducers(3, Optional.empty(), Optional.empty()))));
        dev.kafkaremediator.observe.TopicSnapshot topic = new dev.kafkaremediator.observe.TopicSnapshot("leak", false, partitions,
                Fact.unknown("not asked"), Fact.unknown("2 of 3 partitions unknown"));
        ObservedMetrics metrics = new ObservedMetrics(20);
        metrics.record(new ClusterSnapshot("c", NOW, Duration.ofMillis(250), Fact.known(new ClusterMembership(Map.of(1, "h"), OptionalInt.empty())),
                List.of(broker(1, Fact.known(9_003L))), Fact.known(List.of(topic)), Fact.unknown("not asked"), Map.of()));
        assertThat(scrape(metrics)).contains("kafka_remediator_census_unknown_partitions{cluster=\"c\",reason=\"too-large-for-heap\"} 1.0",
                "kafka_remediator_census_unknown_partitions{cluster=\"c\",reason=\"timeout\"} 1.0",
                "kafka_remediator_census_unknown_partitions{cluster=\"c\",reason=\"error\"} 0.0");
        metrics.record(snapshot(broker(1, Fact.known(3L))));
        assertThat(scrape(metrics)).contains("kafka_remediator_census_unknown_partitions{cluster=\"c\",reason=\"too-large-for-heap\"} 0.0");
    }

    /**
     * Issue 23 (DaemonIT): a scrape taken while a snapshot is being recorded showed broker 3's
     * producer ids, heap max and jmx_up = 1 but no heap used: the gauges collected before the record
     * reached them (heap used is the first) were read without it, the later ones with it. A scrape sees
     * one snapshot whole or not at all.
     */
    @Test
    void aScrapeSeesASnapshotWholeNeverHalfRecorded() throws Exception {
        ObservedMetrics metrics = new ObservedMetrics(10);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread recorder = new Thread(() -> {
            // Broker 3 comes and goes, as a restarted broker's JMX does.
            for (long i = 0; !stop.get(); i++) {
                metrics.record(i % 2 == 0 ? snapshot(broker(1, Fact.known(i)), broker(3, Fact.known(i)))
                        : snapshot(broker(1, Fact.known(i)), broker(3, Fact.unknown("JMX h:3: connection refused"))));
            }
        }, "recorder");
        recorder.start();
        int torn = 0;
        try {
            for (int n = 0; n < 3000; n++) {
                String text = scrape(metrics);
                boolean used = text.contains("kafka_remediator_broker_heap_used_bytes{broker=\"3\"");
                boolean ids = text.contains("kafka_remediator_broker_producer_ids{broker=\"3\"");
                boolean max = text.contains("kafka_remediator_broker_heap_max_bytes{broker=\"3\"");
                if (used != ids || used != max) {
                    torn++;
                }
            }
        } finally {
            stop.set(true);
            recorder.join();
        }
        assertThat(torn).as("scrapes that showed half a snapshot").isZero();
    }
}
