package dev.kafkaremediator.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.PolicyLoader;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.GcTotals;
import dev.kafkaremediator.observe.HeapAfterGc;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.ProducerStateSize;
import dev.kafkaremediator.observe.SampleOf;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped policies on producer state in bytes and on heap after GC, through the samples the daemon records. */
class ProducerStateShareTest {
    private static final Path SHIPPED = Path.of(System.getProperty("remediator.home", "..")).resolve("policies");
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final long HEAP_MAX = 384L << 20;

    private static Policy shipped(String name) throws Exception {
        return PolicyLoader.load(List.of(SHIPPED), Optional.of(Set.of("c"))).policy(name).orElseThrow();
    }

    private static ClusterSnapshot snapshot(Instant at, long entries, ProducerStateSize size, Fact<HeapAfterGc> afterGc) {
        BrokerJmxReading reading = new BrokerJmxReading(Fact.known(new HeapUsage(350L << 20, HEAP_MAX, HEAP_MAX, afterGc)),
                Fact.known(new GcTotals(10, Duration.ZERO)), Fact.known(entries), Fact.known(0L), Fact.known(0L), Fact.known("RUNNING"),
                Fact.known(true), Fact.known("4.4.0"), size);
        return new ClusterSnapshot("c", at, Duration.ofMillis(50), Fact.known(new ClusterMembership(Map.of(1, "h"), OptionalInt.empty())),
                List.of(new BrokerSnapshot(1, Optional.of("h"), true, Optional.of("h:1"), reading)), Fact.known(List.of()),
                Fact.unknown("not asked"), Map.of());
    }

    /** Fifteen minutes of one snapshot a minute, each recorded as the daemon records it. */
    private static List<Finding> evaluate(Policy policy, long entries, ProducerStateSize size, Fact<HeapAfterGc> afterGc) {
        List<Sample> samples = new ArrayList<>();
        ClusterSnapshot last = null;
        for (int minute = 0; minute <= 15; minute++) {
            last = snapshot(START.plus(Duration.ofMinutes(minute)), entries, size, afterGc);
            samples.add(SampleOf.snapshot(last, 10));
        }
        return PolicyEvaluator.evaluate(policy, last, samples, true);
    }

    @Test
    void halfAMillionEntriesAreOverThirtyPercentOfA384MbHeapAndOpenTheLeakFinding() throws Exception {
        ProducerStateSize kafka4 = ProducerStateSize.defaultFor(Optional.of("4.4.0"));

        // 500,000 x 256 B = 122 MB = 31.8% of 384 MB; 400,000 = 25.4%.
        assertThat(evaluate(shipped("producer-id-leak"), 500_000, kafka4, Fact.unknown("none"))).hasSize(1);
        assertThat(evaluate(shipped("producer-id-leak"), 400_000, kafka4, Fact.unknown("none"))).isEmpty();
    }

    @Test
    void aBrokersOwnHistogramFigureReplacesTheDefault() throws Exception {
        // 400,000 entries that a histogram measured at 320 B each: 128,000,000 B, 31.8% of the heap.
        ProducerStateSize measured = ProducerStateSize.measured(320, START);

        assertThat(evaluate(shipped("producer-id-leak"), 400_000, measured, Fact.unknown("none"))).hasSize(1);
    }

    @Test
    void heapPressureReadsTheOldGenerationsCollectionNotTheYoungOnes() throws Exception {
        Policy pressure = shipped("heap-pressure");
        Fact<HeapAfterGc> mostlyGarbage = Fact.known(new HeapAfterGc(200L << 20, START, "G1 Young Generation (mixed)"));
        Fact<HeapAfterGc> full = Fact.known(new HeapAfterGc(360L << 20, START, "G1 Old Generation"));

        assertThat(evaluate(pressure, 0, ProducerStateSize.defaultFor(Optional.empty()), mostlyGarbage)).isEmpty();
        assertThat(evaluate(pressure, 0, ProducerStateSize.defaultFor(Optional.empty()), full)).hasSize(1);
        assertThat(evaluate(pressure, 0, ProducerStateSize.defaultFor(Optional.empty()), Fact.unknown("older than 30 min"))).isEmpty();
    }
}
