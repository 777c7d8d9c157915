package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.config.policy.ActionDefaults;
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
import dev.kafkaremediator.evaluate.FindingTracker;
import dev.kafkaremediator.plan.Planner;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A reload that changes a cluster's file opens a new watch while the old one runs expire-producers
 * (#22.4): the new watch's start-up repair must leave the lowered producer.id.expiration.ms to the
 * running action, which then frees what it expected and restores the value once, itself.
 */
class ExpiryRepairTest {
    private static final String EXPIRY = "producer.id.expiration.ms";

    private final TestCluster cluster = new TestCluster(3);
    private final ActionsInProgress inProgress = new ActionsInProgress();
    private final Remediation remediation = new Remediation("c", false, cluster.audit, cluster.clock, dev.kafkaremediator.act.ActionOutcomes.NONE,
            inProgress);
    private final List<String> repairLog = new ArrayList<>();

    private static Policy expiryPolicy() {
        return new Policy("leak", "f", 1, "d", new Schedule.Every(Duration.ofMinutes(1)), Set.of("*"), Scope.TOPIC, TopicFilter.all(),
                new Condition.Threshold(Metric.TOPIC_PRODUCER_ENTRIES, true, 1, Optional.empty(), OptionalInt.empty()),
                List.of(new ActionSpec.ExpireProducers(new ActionLimits(true, Duration.ofHours(1), 24), Duration.ofMinutes(2), Optional.empty(), true,
                        ActionDefaults.EXPIRATION_FLOOR)), Severity.CRITICAL, false, List.of(), false, Optional.empty(), 0.34);
    }

    @Test
    void aWatchOpenedBesideARunningExpiryLeavesItsLoweringToIt() throws Exception {
        cluster.leak("clicks", 40, TestCluster.START.minus(Duration.ofHours(1)));
        // While the action waits for the brokers' expiry pass, the reload's new watch reaches the cluster and runs its repair.
        cluster.beforePass = () -> {
            if (cluster.admin.clusterDefaults.containsKey(EXPIRY) && repairLog.isEmpty()) {
                try {
                    repairLog.addAll(ExpiryRepair.run("c", cluster.admin, cluster.changes, cluster.audit, cluster.clock, Duration.ofSeconds(5),
                            inProgress));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Policy policy = expiryPolicy();
        ActionContext context = cluster.context();
        Finding finding = new Finding("leak", "c", Entity.topic("clicks"), Severity.CRITICAL, cluster.clock.instant(), "leak on clicks", List.of(),
                List.of(), Optional.empty(), false);
        FindingTracker.Transition t = FindingTracker.apply(Map.of(), "leak", List.of(finding), cluster.clock.instant());

        remediation.act(policy, List.of(Planner.plan(finding, policy, context.snapshot(), context.cluster())),
                t.opened().stream().map(o -> o.key()).toList(), t.open(), context);

        assertThat(repairLog).singleElement().asString().contains("still running here: left to it").doesNotContain("never restored");
        assertThat(cluster.changes.calls).as("lowered once, restored once, by the action").containsExactly("set " + EXPIRY + "=120000",
                "set " + EXPIRY + "=(removed)");
        assertThat(cluster.audit.eventNames()).doesNotContain("expiry-restored");
        assertThat(cluster.audit.events).filteredOn(e -> e.event().equals("effect")).singleElement()
                .satisfies(e -> assertEquals("effective", e.details().get("outcome"), String.valueOf(e.details())));
    }

    @Test
    void aLoweringWhoseActionIsNotRunningIsStillRepaired() throws Exception {
        cluster.audit.append(new dev.kafkaremediator.audit.AuditEvent(cluster.clock.instant(), "act-gone", "expiry-lowered", "c", "daemon", false,
                Map.of("value", "120000", "restoreTo", Map.of("cluster", "", "brokers", Map.of()))));
        cluster.admin.clusterDefaults.put(EXPIRY, "120000");

        List<String> lines = ExpiryRepair.run("c", cluster.admin, cluster.changes, cluster.audit, cluster.clock, Duration.ofSeconds(5), inProgress);

        assertThat(lines).singleElement().asString().contains("never restored");
        assertThat(cluster.admin.clusterDefaults).doesNotContainKey(EXPIRY);
    }
}
