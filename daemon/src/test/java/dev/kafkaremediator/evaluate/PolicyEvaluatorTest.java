package dev.kafkaremediator.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.config.policy.ActionSpec;
import dev.kafkaremediator.config.policy.Condition;
import dev.kafkaremediator.config.policy.Metric;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Schedule;
import dev.kafkaremediator.config.policy.Scope;
import dev.kafkaremediator.config.policy.Severity;
import dev.kafkaremediator.config.policy.TopicFilter;
import dev.kafkaremediator.evaluate.Evidence.Outcome;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.SeriesNames;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.GcTotals;
import dev.kafkaremediator.observe.HeapUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Evaluation on synthetic histories: the incident's slow leak, a spike that stops, missing samples. */
class PolicyEvaluatorTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final double CEILING = 2_000_000;
    private static final double LEAK_PER_HOUR = 5_000;

    private static Policy policy(Condition when, Scope scope) {
        return new Policy("leak", "test.conf", 1, "test", new Schedule.Every(Duration.ofMinutes(1)), java.util.Set.of("*"), scope,
                TopicFilter.all(), when, List.of(new ActionSpec.Notify(new ActionLimits(true, Duration.ofHours(1), 24), Optional.empty())),
                Severity.CRITICAL, false, List.of(), false, Optional.empty(), 0.34);
    }

    private static Condition.Forecast forecast() {
        return new Condition.Forecast(Metric.BROKER_PRODUCER_IDS, CEILING, Duration.ofDays(7), Duration.ofHours(24), 0.9);
    }

    /** One sample a minute for broker 1 from START until {@code end}; the function gives the value at hour h (NaN = missing). */
    private static List<Sample> history(Instant end, DoubleUnaryOperator valueAtHour) {
        List<Sample> samples = new ArrayList<>();
        for (Instant t = START; !t.isAfter(end); t = t.plus(Duration.ofMinutes(1))) {
            double v = valueAtHour.applyAsDouble(Duration.between(START, t).toMinutes() / 60.0);
            Map<String, Double> values = new HashMap<>();
            if (!Double.isNaN(v)) {
                values.put(SeriesNames.brokerProducerIds(1), v);
            }
            samples.add(new Sample(t, values));
        }
        return samples;
    }

    private static ClusterSnapshot snapshot(Instant at, int brokers, int unreachable) {
        List<BrokerSnapshot> list = new ArrayList<>();
        for (int id = 1; id <= brokers; id++) {
            boolean up = id > unreachable;
            BrokerJmxReading reading = up
                    ? new BrokerJmxReading(Fact.known(new HeapUsage(1, 2, 3, OptionalLong.empty())), Fact.known(new GcTotals(0, Duration.ZERO)),
                            Fact.known(1L), Fact.known(0L), Fact.known(0L), Fact.known("RUNNING"), Fact.known(false))
                    : BrokerJmxReading.unknown("connection refused");
            list.add(new BrokerSnapshot(id, Optional.of("h"), up, Optional.of("h:1"), reading));
        }
        return new ClusterSnapshot("c", at, Duration.ofMillis(100), Fact.known(new ClusterMembership(Map.of(), OptionalInt.empty())), list,
                Fact.known(List.of()), Fact.known(new dev.kafkaremediator.observe.ConsumerOffsets(Map.of())), Map.of());
    }

    private static Finding onlyFinding(List<Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    private static Duration timeToLimit(Finding finding) {
        Evidence e = finding.metEvidence().get(0);
        return Duration.parse((String) e.figures().get("timeToLimit"));
    }

    @Test
    void theIncidentsSlowLeakIsForecastDaysAheadWithinTenPercent() {
        // Two weeks of a steady climb (+5,000 entries an hour, 0.3% noise): the ceiling is 400 h from the start.
        Random noise = new Random(42);
        Instant now = START.plus(Duration.ofDays(14));
        List<Sample> samples = history(now, h -> LEAK_PER_HOUR * h * (1 + 0.003 * noise.nextGaussian()));

        Finding finding = onlyFinding(PolicyEvaluator.evaluate(policy(forecast(), Scope.BROKER), snapshot(now, 1, 0), samples, true));

        Duration truth = Duration.ofMinutes((long) ((CEILING / LEAK_PER_HOUR - 14 * 24) * 60)); // 64 h
        Duration forecast = timeToLimit(finding);
        assertThat(forecast.toMinutes()).isBetween((long) (truth.toMinutes() * 0.9), (long) (truth.toMinutes() * 1.1));
        assertThat(forecast).isGreaterThan(Duration.ofDays(2));
        assertThat((Double) finding.metEvidence().get(0).figures().get("rSquared")).isGreaterThan(0.95);
        assertEquals("broker 1", finding.entity().toString());
        assertThat(finding.metEvidence().get(0).summary()).contains("reaches 2,000,000 in 2d", "within 7d").doesNotContain("NaN");
    }

    @Test
    void aOneOffSpikeFollowedByAPlateauYieldsNoFinding() {
        Instant now = START.plus(Duration.ofDays(14));
        double spikeAt = 14 * 24 - 20; // 20 h ago the count jumped, then stayed
        List<Sample> samples = history(now, h -> h < spikeAt ? 10_000 : 500_000);

        List<Finding> findings = PolicyEvaluator.evaluate(policy(forecast(), Scope.BROKER), snapshot(now, 1, 0), samples, true);

        assertThat(findings).isEmpty();
    }

    @Test
    void aSpikeLateInTheWindowIsNotATrendEither() {
        Instant now = START.plus(Duration.ofDays(3));
        List<Sample> samples = history(now, h -> h < 3 * 24 - 3 ? 10_000 : 1_500_000);

        ConditionEvaluator.Verdict verdict = new ConditionEvaluator(samples, now).evaluate(forecast(), Entity.broker(1));

        assertEquals(Outcome.NOT_MET, verdict.outcome(), verdict.evidence().toString());
    }

    @Test
    void afterACureTheClimbThatLedToItIsNotCurrentGrowth() {
        // Twelve days of the steady leak, then a cure 2 hours ago: the count fell to almost nothing and creeps up again slowly.
        Instant now = START.plus(Duration.ofDays(12));
        double cureAt = 12 * 24 - 2;
        List<Sample> samples = history(now, h -> h < cureAt ? LEAK_PER_HOUR * h : 200 + 10 * (h - cureAt));

        ConditionEvaluator.Verdict forecast = new ConditionEvaluator(samples, now).evaluate(forecast(), Entity.broker(1));
        ConditionEvaluator.Verdict growth = new ConditionEvaluator(samples, now).evaluate(
                new Condition.Growth(Metric.BROKER_PRODUCER_IDS, 1_000, Duration.ofHours(1), Duration.ofHours(4)), Entity.broker(1));

        assertEquals(Outcome.NOT_MET, forecast.outcome(), forecast.evidence().toString());
        assertThat(forecast.evidence().toString()).contains("since the drop at " + START.plus(Duration.ofMinutes((long) (cureAt * 60))));
        assertEquals(Outcome.NOT_MET, growth.outcome(), growth.evidence().toString());
    }

    @Test
    void missingSamplesAreGapsAndTheForecastStillHolds() {
        Instant now = START.plus(Duration.ofDays(14));
        List<Sample> samples = history(now, h -> Math.round(h * 60) % 3 == 1 ? Double.NaN : LEAK_PER_HOUR * h);

        Finding finding = onlyFinding(PolicyEvaluator.evaluate(policy(forecast(), Scope.BROKER), snapshot(now, 1, 0), samples, true));

        assertThat(timeToLimit(finding).toMinutes()).isBetween((long) (64 * 60 * 0.9), (long) (64 * 60 * 1.1));
    }

    @Test
    void anUnknownCurrentValueNeverCountsAsZero() {
        Instant now = START.plus(Duration.ofHours(2));
        // The broker's JMX did not answer the current snapshot: its value is missing, not 0.
        List<Sample> samples = history(now, h -> h >= 2 ? Double.NaN : 500);
        Condition.Threshold below = new Condition.Threshold(Metric.BROKER_PRODUCER_IDS, false, 100, Optional.empty(), OptionalInt.empty());

        ConditionEvaluator.Verdict verdict = new ConditionEvaluator(samples, now).evaluate(below, Entity.broker(1));

        assertEquals(Outcome.UNKNOWN, verdict.outcome());
        assertThat(PolicyEvaluator.evaluate(policy(below, Scope.BROKER), snapshot(now, 1, 0), samples, true)).isEmpty();
    }

    @Test
    void aSustainedThresholdNeedsTheWholeSpanAboveAndEnoughHistory() {
        Condition.Threshold tenMinutes = new Condition.Threshold(Metric.BROKER_PRODUCER_IDS, true, 1_000, Optional.of(Duration.ofMinutes(10)),
                OptionalInt.empty());
        Instant now = START.plus(Duration.ofMinutes(30));
        // Above since minute 20 exactly: sustained for 10 minutes at minute 30.
        assertEquals(Outcome.MET, new ConditionEvaluator(history(now, h -> h * 60 >= 20 ? 2_000 : 10), now)
                .evaluate(tenMinutes, Entity.broker(1)).outcome());
        // Above since minute 21: one sample short.
        assertEquals(Outcome.NOT_MET, new ConditionEvaluator(history(now, h -> h * 60 >= 21 ? 2_000 : 10), now)
                .evaluate(tenMinutes, Entity.broker(1)).outcome());
        // Only 9 minutes of history at all: not sustained yet, however high.
        Instant early = START.plus(Duration.ofMinutes(9));
        assertEquals(Outcome.NOT_MET, new ConditionEvaluator(history(early, h -> 5_000), early).evaluate(tenMinutes, Entity.broker(1)).outcome());
    }

    @Test
    void forSamplesCountsTheLastSamples() {
        Condition.Threshold three = new Condition.Threshold(Metric.BROKER_PRODUCER_IDS, true, 1_000, Optional.empty(), OptionalInt.of(3));
        Instant now = START.plus(Duration.ofMinutes(10));
        assertEquals(Outcome.MET, new ConditionEvaluator(history(now, h -> h * 60 >= 8 ? 2_000 : 10), now).evaluate(three, Entity.broker(1)).outcome());
        assertEquals(Outcome.NOT_MET, new ConditionEvaluator(history(now, h -> h * 60 >= 9 ? 2_000 : 10), now).evaluate(three, Entity.broker(1)).outcome());
    }

    @Test
    void growthPerHourOverAWindow() {
        Condition.Growth growth = new Condition.Growth(Metric.BROKER_PRODUCER_IDS, 1_000, Duration.ofHours(1), Duration.ofHours(2));
        Instant now = START.plus(Duration.ofHours(3));
        assertEquals(Outcome.MET, new ConditionEvaluator(history(now, h -> 1_500 * h), now).evaluate(growth, Entity.broker(1)).outcome());
        assertEquals(Outcome.NOT_MET, new ConditionEvaluator(history(now, h -> 500 * h), now).evaluate(growth, Entity.broker(1)).outcome());
    }

    @Test
    void actionsAreWithheldWhenTooMuchOfTheClusterIsUnreachable() {
        Instant now = START.plus(Duration.ofHours(1));
        List<Sample> samples = history(now, h -> 5_000);
        Condition.Threshold above = new Condition.Threshold(Metric.BROKER_PRODUCER_IDS, true, 1_000, Optional.empty(), OptionalInt.empty());

        Finding finding = onlyFinding(PolicyEvaluator.evaluate(policy(above, Scope.BROKER), snapshot(now, 3, 2), samples, false));

        assertThat(finding.actionsWithheld()).get().asString().contains("2 of 3 brokers unreachable");
        assertTrue(PolicyEvaluator.evaluate(policy(above, Scope.BROKER), snapshot(now, 3, 1), samples, false).get(0).actionsWithheld().isEmpty(),
                "one of three (33%) is within the default 34%");
    }

    /** The cluster's producer creation rate, one sample a minute over {@code days}, {@code steady} per second, then {@code burst} for the last {@code burstMinutes}. */
    private static List<Sample> churn(Instant end, int days, double steady, double burst, int burstMinutes) {
        List<Sample> samples = new ArrayList<>();
        for (Instant t = end.minus(Duration.ofDays(days)); !t.isAfter(end); t = t.plus(Duration.ofMinutes(1))) {
            double v = t.isAfter(end.minus(Duration.ofMinutes(burstMinutes))) ? burst : steady;
            samples.add(new Sample(t, Map.of(SeriesNames.CLUSTER_PRODUCER_INITS_PER_SECOND, v)));
        }
        return samples;
    }

    @Test
    void producerChurnFarAboveTheWeeksBaselineIsMetAndABaselineOfABurstIsNot() {
        Condition.AboveBaseline tenTimes = new Condition.AboveBaseline(Metric.CLUSTER_PRODUCER_INITS_PER_SECOND, Duration.ofDays(7), 10);
        Instant now = START.plus(Duration.ofDays(8));
        ConditionEvaluator.Verdict churn = new ConditionEvaluator(churn(now, 7, 0.5, 37, 15), now).evaluate(tenTimes, Entity.cluster());
        assertEquals(Outcome.MET, churn.outcome(), churn.evidence().toString());
        assertEquals(0.5, (double) churn.evidence().get(0).figures().get("baseline"), 1e-9, "a median: 15 minutes of churn do not move it");
        assertThat(churn.evidence().get(0).summary()).contains("above 10 times its baseline 0.500");

        // Steady creation at the same level all week: that is the baseline, not churn.
        assertEquals(Outcome.NOT_MET, new ConditionEvaluator(churn(now, 7, 37, 37, 15), now).evaluate(tenTimes, Entity.cluster()).outcome());
        // Three days of history cannot tell a week's baseline (half the window is needed).
        ConditionEvaluator.Verdict young = new ConditionEvaluator(churn(now, 3, 0.5, 37, 15), now).evaluate(tenTimes, Entity.cluster());
        assertEquals(Outcome.NOT_MET, young.outcome());
        assertThat(young.evidence().get(0).summary()).contains("not enough history for a baseline");
    }

    @Test
    void theShippedChurnPolicyNeedsBothTheThresholdForTenMinutesAndTheBaseline() {
        Condition when = new Condition.AllOf(List.of(
                new Condition.Threshold(Metric.CLUSTER_PRODUCER_INITS_PER_SECOND, true, 10, Optional.of(Duration.ofMinutes(10)), OptionalInt.empty()),
                new Condition.AboveBaseline(Metric.CLUSTER_PRODUCER_INITS_PER_SECOND, Duration.ofDays(7), 10)));
        Instant now = START.plus(Duration.ofDays(8));
        assertThat(PolicyEvaluator.evaluate(policy(when, Scope.CLUSTER), snapshot(now, 1, 0), churn(now, 7, 0.5, 37, 15), true)).hasSize(1);
        assertThat(PolicyEvaluator.evaluate(policy(when, Scope.CLUSTER), snapshot(now, 1, 0), churn(now, 7, 0.5, 37, 5), true))
                .as("five minutes of churn are not ten").isEmpty();
        assertThat(PolicyEvaluator.evaluate(policy(when, Scope.CLUSTER), snapshot(now, 1, 0), churn(now, 7, 2, 15, 15), true))
                .as("above 10/s but not 10 times the baseline of 2/s").isEmpty();
    }
}
