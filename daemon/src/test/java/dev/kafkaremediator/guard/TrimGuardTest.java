package dev.kafkaremediator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.TopicFilter;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.PartitionOffsets;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.plan.TrimLimits;
import dev.kafkaremediator.plan.TrimPlan;
import dev.kafkaremediator.plan.TrimPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TrimGuardTest {
    private static final TopicPartition CLICKS_0 = new TopicPartition("clicks", 0);

    private static ClusterSnapshot snapshot(boolean offline) {
        PartitionSnapshot p = new PartitionSnapshot(0, offline ? OptionalInt.empty() : OptionalInt.of(1), List.of(1), List.of(1), Fact.unknown("n/a"));
        return new ClusterSnapshot("c", Instant.EPOCH, Duration.ZERO, Fact.known(new ClusterMembership(Map.of(), OptionalInt.empty())), List.of(),
                Fact.known(List.of(new TopicSnapshot("clicks", false, List.of(p), Fact.unknown("n/a"), Fact.unknown("n/a")))),
                Fact.known(new ConsumerOffsets(Map.of())), Map.of());
    }

    private static TrimPlan plan(long target, ConsumerOffsets consumers) {
        return TrimPlanner.plan("c", List.of("clicks"), TrimPlanner.Extent.toOffset(target), Map.of(CLICKS_0, new PartitionOffsets(0, 100,
                OptionalLong.empty())), consumers);
    }

    private static TrimLimits limits(String allow, boolean pastConsumers) {
        return new TrimLimits(new TopicFilter(List.of(Pattern.compile(allow)), List.of()), pastConsumers, 10, 1_000, 0.5);
    }

    private static Verdict verdict(List<Verdict> verdicts, String guard) {
        return verdicts.stream().filter(v -> v.guard().equals(guard)).findFirst().orElseThrow();
    }

    @Test
    void aTopicThePolicyDoesNotAllowIsRefused() {
        Verdict v = verdict(TrimGuard.check(plan(10, new ConsumerOffsets(Map.of())), limits("orders-.*", false), snapshot(false)), "allowed-topics");
        assertThat(v.allowed()).isFalse();
        assertThat(v.overridable()).isFalse();
    }

    @Test
    void aTrimStopsAtTheLowestCommittedOffsetUnlessAllowed() {
        ConsumerOffsets lagging = new ConsumerOffsets(Map.of("slow", Map.of(CLICKS_0, 20L), "fast", Map.of(CLICKS_0, 90L)));
        assertThat(verdict(TrimGuard.check(plan(20, lagging), limits(".*", false), snapshot(false)), "consumer-offsets").allowed()).isTrue();
        Verdict past = verdict(TrimGuard.check(plan(21, lagging), limits(".*", false), snapshot(false)), "consumer-offsets");
        assertThat(past.allowed()).isFalse();
        assertThat(past.reasons()).singleElement().asString().contains("past committed offset 20");
        assertThat(verdict(TrimGuard.check(plan(21, lagging), limits(".*", true), snapshot(false)), "consumer-offsets").allowed()).isTrue();
    }

    @Test
    void theBlastRadiusLimitsHoldAtTheirEdges() {
        // 50 of 100 records is exactly max-fraction 0.5: allowed; 51 is not.
        assertThat(verdict(TrimGuard.check(plan(50, new ConsumerOffsets(Map.of())), limits(".*", false), snapshot(false)), "blast-radius").allowed())
                .isTrue();
        assertThat(verdict(TrimGuard.check(plan(51, new ConsumerOffsets(Map.of())), limits(".*", false), snapshot(false)), "blast-radius").allowed())
                .isFalse();
    }

    @Test
    void anOfflinePartitionRefusesEveryTrim() {
        assertThat(verdict(TrimGuard.check(plan(10, new ConsumerOffsets(Map.of())), limits(".*", false), snapshot(true)), "cluster-health").allowed())
                .isFalse();
    }

    @Test
    void anOlderThanTrimWithNoNewerRecordGoesToTheEnd() {
        TrimPlan p = TrimPlanner.plan("c", List.of("clicks"), TrimPlanner.Extent.olderThan(Duration.ofDays(7)),
                Map.of(CLICKS_0, new PartitionOffsets(10, 100, OptionalLong.empty())), new ConsumerOffsets(Map.of()));
        assertThat(p.partitions().get(0).target()).isEqualTo(100);
        assertThat(p.recordsRemoved()).isEqualTo(90);
    }
}
