package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.config.policy.Condition;
import dev.kafkaremediator.config.policy.Metric;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.config.policy.Scope;
import dev.kafkaremediator.evaluate.Evidence.Outcome;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.Series;
import dev.kafkaremediator.history.SeriesNames;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.TopicProducers;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * From a snapshot, its history and a policy to findings. Pure: no I/O, the time is the snapshot's.
 * {@code samples} are the cluster's recent samples, oldest first, the current snapshot's last.
 */
public final class PolicyEvaluator {
    static final int TOP_TOPICS = 5;

    private PolicyEvaluator() {
    }

    public static List<Finding> evaluate(Policy policy, ClusterSnapshot snapshot, List<Sample> samples, boolean globalDryRun) {
        if (!policy.appliesTo(snapshot.cluster())) {
            return List.of();
        }
        Instant now = snapshot.takenAt();
        ConditionEvaluator conditions = new ConditionEvaluator(samples, now);
        Optional<String> withheld = policy.suppression(now).or(() -> unreachable(policy, snapshot));
        boolean churn = mentionsProducerInits(policy.when());
        List<TopicTrend> topTopics = mentionsProducerIds(policy.when()) || churn ? topTopics(snapshot, samples, now) : List.of();
        List<Finding> findings = new ArrayList<>();
        for (Entity entity : entities(policy, snapshot)) {
            ConditionEvaluator.Verdict verdict = conditions.evaluate(policy.when(), entity);
            if (verdict.outcome() == Outcome.MET) {
                List<TopicTrend> topics = entity.scope() == Scope.TOPIC ? List.of() : topTopics;
                List<Evidence> evidence = verdict.evidence();
                if (churn) {
                    evidence = new ArrayList<>(evidence);
                    evidence.addAll(ChurnContext.of(snapshot, topTopics));
                }
                findings.add(new Finding(policy.name(), snapshot.cluster(), entity, policy.severity(), now, policy.description(), evidence,
                        topics, withheld, policy.effectiveDryRun(globalDryRun)));
            }
        }
        return findings;
    }

    /** How far back a policy's conditions look, so callers read enough history. */
    public static Duration lookback(Condition condition) {
        if (condition instanceof Condition.AllOf all) {
            return all.conditions().stream().map(PolicyEvaluator::lookback).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        }
        if (condition instanceof Condition.AnyOf any) {
            return any.conditions().stream().map(PolicyEvaluator::lookback).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        }
        if (condition instanceof Condition.Threshold t) {
            // for-samples: enough for a generous sample cadence
            return t.forDuration().orElse(t.forSamples().isPresent() ? Duration.ofMinutes(5L * t.forSamples().getAsInt()) : Duration.ZERO)
                    .plusMinutes(5);
        }
        if (condition instanceof Condition.Growth g) {
            return g.window();
        }
        if (condition instanceof Condition.AboveBaseline b) {
            return b.window();
        }
        return ((Condition.Forecast) condition).window();
    }

    private static List<Entity> entities(Policy policy, ClusterSnapshot snapshot) {
        return switch (policy.scope()) {
            case CLUSTER -> List.of(Entity.cluster());
            case BROKER -> snapshot.brokers().stream().map(b -> Entity.broker(b.id())).toList();
            case TOPIC -> snapshot.topics().optional().orElse(List.of()).stream()
                    .filter(t -> !t.internal() && policy.topics().matches(t.name())).map(t -> Entity.topic(t.name())).toList();
        };
    }

    /**
     * When more of the cluster is unknown than the policy tolerates, the picture may be wrong:
     * only notifications go out. A broker counts as unreachable when it is not registered or its JMX did not answer.
     */
    private static Optional<String> unreachable(Policy policy, ClusterSnapshot snapshot) {
        if (!snapshot.reachable()) {
            return Optional.of("the cluster did not answer describeCluster: only notifications go out");
        }
        long total = snapshot.brokers().size();
        long down = snapshot.brokers().stream().filter(b -> !b.registered() || !b.heap().isKnown()).count();
        if (total > 0 && (double) down / total > policy.withholdAboveUnreachableShare()) {
            return Optional.of(String.format(Locale.ROOT, "%d of %d brokers unreachable (%.0f%% > %.0f%%): only notifications go out", down, total,
                    100.0 * down / total, 100 * policy.withholdAboveUnreachableShare()));
        }
        return Optional.empty();
    }

    private static boolean mentionsProducerIds(Condition condition) {
        if (condition instanceof Condition.AllOf all) {
            return all.conditions().stream().anyMatch(PolicyEvaluator::mentionsProducerIds);
        }
        if (condition instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(PolicyEvaluator::mentionsProducerIds);
        }
        Metric metric = metricOf(condition);
        return metric == Metric.BROKER_PRODUCER_IDS || metric == Metric.TOPIC_PRODUCER_ENTRIES
                || metric == Metric.BROKER_PRODUCER_STATE_BYTES || metric == Metric.BROKER_PRODUCER_STATE_HEAP_RATIO;
    }

    /** Producer creation: its findings carry what the rate costs on the heap and which clients the brokers name. */
    private static boolean mentionsProducerInits(Condition condition) {
        if (condition instanceof Condition.AllOf all) {
            return all.conditions().stream().anyMatch(PolicyEvaluator::mentionsProducerInits);
        }
        if (condition instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(PolicyEvaluator::mentionsProducerInits);
        }
        Metric metric = metricOf(condition);
        return metric == Metric.BROKER_PRODUCER_INITS_PER_SECOND || metric == Metric.CLUSTER_PRODUCER_INITS_PER_SECOND;
    }

    /** The series a leaf condition reads. */
    static Metric metricOf(Condition condition) {
        if (condition instanceof Condition.Threshold t) {
            return t.metric();
        }
        if (condition instanceof Condition.Growth g) {
            return g.metric();
        }
        if (condition instanceof Condition.AboveBaseline b) {
            return b.metric();
        }
        return ((Condition.Forecast) condition).metric();
    }

    /** The topics gaining producer-state entries fastest over the last hour (by entries when growth is unknown). */
    static List<TopicTrend> topTopics(ClusterSnapshot snapshot, List<Sample> samples, Instant now) {
        List<TopicTrend> trends = new ArrayList<>();
        for (TopicSnapshot t : snapshot.topics().optional().orElse(List.of())) {
            if (t.internal() || !t.producers().isKnown()) {
                continue;
            }
            long entries = t.producers().optional().map(TopicProducers::entries).orElse(0L);
            OptionalDouble growth = Series.of(SeriesNames.topicProducerEntries(t.name()), samples).since(now.minus(Duration.ofHours(1)))
                    .sinceLastDrop().slopePerHour(Duration.ofMinutes(5));
            trends.add(new TopicTrend(t.name(), entries, growth));
        }
        trends.sort(Comparator.comparingDouble((TopicTrend t) -> t.growthPerHour().orElse(Double.NEGATIVE_INFINITY)).reversed()
                .thenComparing(Comparator.comparingLong(TopicTrend::entries).reversed()));
        return trends.subList(0, Math.min(TOP_TOPICS, trends.size()));
    }

}
