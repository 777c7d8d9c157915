package dev.kafkaremediator.plan;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.evaluate.PolicyEvaluator;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.history.RecentHistory;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.SampleOf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One evaluation of a cluster against its policies: the snapshot's sample goes into the history,
 * the history is read back over the longest look-back, and each policy yields findings and plans.
 * Used by the daemon's jobs and by {@code check} and {@code plan}.
 */
public final class EvaluationRound {
    private EvaluationRound() {
    }

    /** What one round found, and what the history reader had to skip (damaged records). */
    public record Result(ClusterSnapshot snapshot, List<RemediationPlan> plans, List<String> historyProblems) {
        public Result {
            plans = List.copyOf(plans);
            historyProblems = List.copyOf(historyProblems);
        }

        public List<Finding> findings() {
            return plans.stream().map(RemediationPlan::finding).toList();
        }
    }

    public static Result run(ClusterSnapshot snapshot, List<Policy> policies, HistoryStore history, RemediatorConfig config) {
        Duration lookback = policies.stream().map(p -> PolicyEvaluator.lookback(p.when())).max(Comparator.naturalOrder()).orElse(Duration.ZERO)
                .plus(config.observeInterval());
        RecentHistory.Read recent = RecentHistory.recordAndRead(history, snapshot.cluster(), SampleOf.snapshot(snapshot, config.history().maxTopics()),
                lookback);
        ClusterConfig cluster = config.clusters().get(snapshot.cluster());
        if (cluster == null) {
            throw new IllegalArgumentException("no cluster " + snapshot.cluster() + " in the configuration");
        }
        List<Sample> samples = recent.samples();
        List<RemediationPlan> plans = new ArrayList<>();
        for (Policy policy : policies) {
            for (Finding finding : PolicyEvaluator.evaluate(policy, snapshot, samples, config.dryRun())) {
                plans.add(Planner.plan(finding, policy, snapshot, cluster));
            }
        }
        return new Result(snapshot, plans, recent.problems());
    }

}
