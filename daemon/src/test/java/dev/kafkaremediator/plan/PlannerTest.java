package dev.kafkaremediator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.config.policy.ActionSpec;
import dev.kafkaremediator.config.policy.Condition;
import dev.kafkaremediator.config.policy.Metric;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Schedule;
import dev.kafkaremediator.config.policy.Scope;
import dev.kafkaremediator.config.policy.Severity;
import dev.kafkaremediator.config.policy.TopicFilter;
import dev.kafkaremediator.evaluate.Entity;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.GcTotals;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ActionLimits ON = new ActionLimits(true, Duration.ofHours(1), 1);
    private static final ActionLimits OFF = new ActionLimits(false, Duration.ofHours(1), 1);
    private static final dev.kafkaremediator.config.ClusterConfig CLUSTER = new dev.kafkaremediator.testsupport.TestCluster(3).config();

    private static BrokerSnapshot broker(int id, boolean controller) {
        return new BrokerSnapshot(id, Optional.of("h" + id), true, Optional.of("h" + id + ":9999"),
                new BrokerJmxReading(Fact.known(new HeapUsage(1, 2, 3, OptionalLong.empty())), Fact.known(new GcTotals(0, Duration.ZERO)),
                        Fact.known(10L), Fact.known(0L), Fact.known(0L), Fact.known("RUNNING"), Fact.known(controller)));
    }

    private static TopicSnapshot topic(String name, List<Integer> replicas) {
        return new TopicSnapshot(name, false, List.of(new PartitionSnapshot(0, OptionalInt.of(replicas.get(0)), replicas, replicas,
                Fact.unknown("n/a"))), Fact.unknown("n/a"), Fact.unknown("n/a"));
    }

    private static ClusterSnapshot snapshot() {
        return new ClusterSnapshot("c", NOW, Duration.ZERO, Fact.known(new ClusterMembership(Map.of(), OptionalInt.empty())),
                List.of(broker(1, true), broker(2, false), broker(3, false), broker(4, false)),
                Fact.known(List.of(topic("clicks-a", List.of(1, 2)), topic("orders", List.of(3, 4)))), Fact.known(new ConsumerOffsets(Map.of())),
                Map.of());
    }

    private static Policy policy(List<ActionSpec> actions) {
        return new Policy("p", "f", 1, "d", new Schedule.Every(Duration.ofMinutes(1)), Set.of("*"), Scope.TOPIC, TopicFilter.all(),
                new Condition.Threshold(Metric.TOPIC_PRODUCER_ENTRIES, true, 1, Optional.empty(), OptionalInt.empty()), actions,
                Severity.CRITICAL, false, List.of(), false, Optional.empty(), 0.34);
    }

    private static Finding finding(String topic, Optional<String> withheld) {
        return new Finding("p", "c", Entity.topic(topic), Severity.CRITICAL, NOW, "d", List.of(), List.of(), withheld, true);
    }

    private static ActionSpec.Trim trim(ActionLimits limits) {
        return new ActionSpec.Trim(limits, new TopicFilter(List.of(Pattern.compile("clicks-.*")), List.of()), Optional.empty(), true, false, 100,
                1_000_000, 1.0);
    }

    @Test
    void aTrimTouchesOnlyAllowedTopicsAndTheRollOnlyTheirBrokersControllerLast() {
        RemediationPlan plan = Planner.plan(finding("clicks-a", Optional.empty()),
                policy(List.of(trim(ON), new ActionSpec.Roll(ON, Optional.empty()))), snapshot(), CLUSTER);

        assertEquals("topics clicks-a", plan.steps().get(0).target());
        assertEquals("brokers 2 -> 1", plan.steps().get(1).target(), "replicas of clicks-a are on 1 and 2; broker 1 is the active controller");
        assertThat(plan.steps()).allMatch(Step::runnable);
    }

    @Test
    void aTopicTheTrimDoesNotAllowIsNoTarget() {
        RemediationPlan plan = Planner.plan(finding("orders", Optional.empty()), policy(List.of(trim(ON))), snapshot(), CLUSTER);
        assertThat(plan.steps().get(0).skipped()).get().asString().contains("no topic of this finding is allowed");
    }

    @Test
    void offAndWithheldStepsSayWhyButNotificationsStillGo() {
        RemediationPlan plan = Planner.plan(finding("clicks-a", Optional.of("3 of 4 brokers unreachable")),
                policy(List.of(new ActionSpec.Notify(ON, Optional.empty()), new ActionSpec.HeapDump(ON, false, Duration.ofMinutes(10)), trim(OFF))), snapshot(), CLUSTER);

        assertThat(plan.steps().get(0).runnable()).isTrue();
        assertThat(plan.steps().get(1).skipped()).get().asString().startsWith("withheld: 3 of 4 brokers unreachable");
        assertThat(plan.steps().get(2).skipped()).get().asString().contains("enabled = false");
        assertThat(plan.dryRun()).isTrue();
    }
}
