package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.policy.Condition;
import dev.kafkaremediator.config.policy.Metric;
import dev.kafkaremediator.config.policy.Policy;
import dev.kafkaremediator.observe.ClusterSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * What {@code check} and {@code plan} say when a policy watches producer creation and its rate is
 * not known. A rate needs two readings of each broker's InitProducerId counter: on a fresh state
 * directory the first command has one, its producer-churn policy is silently "unknown", and "0
 * findings" read as all clear. The reading is kept in the history, so the next command at least a
 * second later (within an hour, the look-back for an earlier reading) or the daemon's next
 * observation has the rate: said here, with when.
 */
final class ChurnRateNotice {
    private ChurnRateNotice() {
    }

    static Optional<String> of(ClusterSnapshot snapshot, List<Policy> policies) {
        if (snapshot.producerInitsPerSecond().isKnown() || policies.stream().noneMatch(p -> watchesCreation(p.when()))) {
            return Optional.empty();
        }
        String why = snapshot.producerInitsPerSecond().unknownReason().orElse("unknown");
        boolean firstReading = why.contains("first reading");
        return Optional.of("  producer creation rate: not known" + (firstReading ? " yet" : "") + " (" + why + ")" + (firstReading
                ? "; this reading is kept in the history: a check, plan or status at least 1s from now and within "
                + dev.kafkaremediator.time.Durations.format(StatusReport.GROWTH_WINDOW) + ", or the daemon's next observation, has the rate"
                : "") + "; the policies on it (" + String.join(", ", policies.stream().filter(p -> watchesCreation(p.when())).map(Policy::name).toList())
                + ") are not met until then");
    }

    private static boolean watchesCreation(Condition c) {
        if (c instanceof Condition.AllOf all) {
            return all.conditions().stream().anyMatch(ChurnRateNotice::watchesCreation);
        }
        if (c instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(ChurnRateNotice::watchesCreation);
        }
        Metric metric = c instanceof Condition.Threshold t ? t.metric() : c instanceof Condition.Growth g ? g.metric()
                : c instanceof Condition.Forecast f ? f.metric() : ((Condition.AboveBaseline) c).metric();
        return creation(metric);
    }

    private static boolean creation(Metric m) {
        return m == Metric.CLUSTER_PRODUCER_INITS_PER_SECOND || m == Metric.BROKER_PRODUCER_INITS_PER_SECOND;
    }
}
