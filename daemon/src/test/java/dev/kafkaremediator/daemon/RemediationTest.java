package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionFactory;
import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.audit.AuditEvent;
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
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.plan.Planner;
import dev.kafkaremediator.plan.RemediationPlan;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon's ladder on an in-memory cluster: escalation, once per finding, cooldown waits, failure kinds, roll limits, a joinable audit. */
class RemediationTest {
    private static final ActionLimits HOURLY = new ActionLimits(true, Duration.ofHours(1), 24);
    private static final ActionLimits ROLL_ONCE_A_DAY = new ActionLimits(true, Duration.ofHours(24), 1);
    private static final String EXPIRY = "producer.id.expiration.ms";

    private final TestCluster cluster = new TestCluster(3);
    private final Remediation remediation = new Remediation("c", false, cluster.audit, cluster.clock);
    private final Map<String, Map<String, OpenFinding>> openByPolicy = new HashMap<>();

    @BeforeEach
    void brokersHoldProducerState() {
        // 300 producers a partition, idle for an hour: every broker holds 900 entries (RF 3), each runs its expiry pass every 10 minutes.
        cluster.leak("clicks", 300, TestCluster.START.minus(Duration.ofHours(1)));
        cluster.restartsCleanly();
    }

    private static ActionSpec.ExpireProducers expire() {
        return new ActionSpec.ExpireProducers(HOURLY, Duration.ofMinutes(2), Optional.empty(), true, ActionDefaults.EXPIRATION_FLOOR);
    }

    private static Policy policy(List<ActionSpec> actions) {
        return new Policy("leak", "f", 1, "d", new Schedule.Every(Duration.ofMinutes(1)), Set.of("*"), Scope.TOPIC, TopicFilter.all(),
                new Condition.Threshold(Metric.TOPIC_PRODUCER_ENTRIES, true, 1, Optional.empty(), OptionalInt.empty()), actions,
                Severity.CRITICAL, false, List.of(), false, Optional.empty(), 0.34);
    }

    private static List<ActionSpec> ladder() {
        return List.of(new ActionSpec.Notify(HOURLY, Optional.empty()), new ActionSpec.ClassHistogram(HOURLY, 20, Duration.ofMinutes(2)),
                expire(), new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty()));
    }

    /** One evaluation of {@code policy} finding {@code topics}: what the daemon's policy job does. */
    private Map<String, OpenFinding> evaluate(Policy policy, String... topics) throws InterruptedException {
        ActionContext context = cluster.context();
        List<Finding> findings = new ArrayList<>();
        for (String topic : topics) {
            findings.add(new Finding(policy.name(), "c", Entity.topic(topic), Severity.CRITICAL, cluster.clock.instant(), "leak on " + topic, List.of(),
                    List.of(), Optional.empty(), false));
        }
        FindingTracker.Transition t = FindingTracker.apply(openByPolicy.getOrDefault(policy.name(), Map.of()), policy.name(), findings,
                cluster.clock.instant());
        List<RemediationPlan> plans = findings.stream().map(f -> Planner.plan(f, policy, context.snapshot(), context.cluster())).toList();
        Map<String, OpenFinding> open = remediation.act(policy, plans, t.opened().stream().map(OpenFinding::key).toList(), t.open(), context);
        openByPolicy.put(policy.name(), open);
        return open;
    }

    private static OpenFinding only(Map<String, OpenFinding> open) {
        assertEquals(1, open.size());
        return open.values().iterator().next();
    }

    @Test
    void oneRungAnEvaluationEachOncePerFindingAsPlanned() throws Exception {
        Policy policy = policy(ladder());

        OpenFinding f = only(evaluate(policy, "clicks"));
        assertThat(cluster.notifications.sent).singleElement().satisfies(n -> assertEquals("leak on clicks", n.title()));
        assertEquals(3, cluster.diagnostics.histograms.size(), "a histogram of every broker");
        assertEquals(List.of("class-histogram"), f.attempted());

        f = only(evaluate(policy, "clicks"));
        assertThat(cluster.changes.calls).containsExactly("set " + EXPIRY + "=120000", "set " + EXPIRY + "=(removed)");
        assertThat(cluster.brokers.values()).allSatisfy(b -> assertEquals(0, b.producerIds));
        assertEquals(List.of("class-histogram", "expire-producers"), f.attempted());

        f = only(evaluate(policy, "clicks"));
        assertEquals(List.of(2, 3, 1), cluster.restarter.restarted, "every broker, the controller last");
        assertEquals(List.of("class-histogram", "expire-producers", "roll"), f.attempted());

        evaluate(policy, "clicks");
        assertEquals(3, cluster.diagnostics.histograms.size(), "nothing runs twice for one finding");
        assertEquals(3, cluster.restarter.restarted.size());
        assertEquals(1, cluster.notifications.sent.size(), "the finding is told when it opens");
    }

    @Test
    void everyRecordOfAnActionNamesItsFindingAndTheAuditedPlanIsThePlan() throws Exception {
        Policy policy = policy(ladder());
        OpenFinding f = only(evaluate(policy, "clicks"));

        List<AuditEvent> actionRecords = cluster.audit.events.stream().filter(e -> e.actionId().startsWith("act-")).toList();
        assertThat(actionRecords).isNotEmpty().allSatisfy(e -> {
            assertEquals("leak/c/topic/clicks", e.details().get("finding"));
            assertEquals(f.id(), e.details().get("findingId"));
        });
        AuditEvent opened = cluster.audit.events.stream().filter(e -> e.event().equals("opened")).findFirst().orElseThrow();
        assertEquals(f.id(), opened.actionId());
        RemediationPlan plan = Planner.plan(new Finding("leak", "c", Entity.topic("clicks"), Severity.CRITICAL, cluster.clock.instant(), "leak on clicks",
                List.of(), List.of(), Optional.empty(), false), policy, cluster.snapshot(), cluster.config());
        List<Object> planned = plan.steps().stream().map(s -> (Object) Map.of("order", s.order(), "action", s.kind(), "parameters",
                s.action().parameters())).toList();
        assertEquals(planned, opened.details().get("steps"));
        assertThat(f.id()).startsWith("finding-").isEqualTo(OpenFinding.id(f.key(), f.firstSeen()));
    }

    @Test
    void aRungRefusedByItsCooldownWaitsAndIsTriedAgain() throws Exception {
        Policy policy = policy(List.of(expire(), new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));
        cluster.ledger.record("c", "expire-producers", "cluster c", cluster.clock.instant().minus(Duration.ofMinutes(10)));

        OpenFinding f = only(evaluate(policy, "clicks"));
        assertEquals(List.of(), f.attempted(), "the expiry waits for its cooldown");
        assertThat(cluster.restarter.restarted).as("no escalation past a rung that waits").isEmpty();

        cluster.clock.advance(Duration.ofMinutes(49).plusSeconds(59));
        assertEquals(List.of(), only(evaluate(policy, "clicks")).attempted(), "a second before the cooldown ends");

        cluster.clock.advance(Duration.ofSeconds(1));
        f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("expire-producers"), f.attempted());
        assertThat(cluster.restarter.restarted).isEmpty();
    }

    @Test
    void aDiagnosisOfSeveralBrokersIsClimbedOnceOneOfThemRan() throws Exception {
        cluster.ledger.record("c", "class-histogram", "broker 1", cluster.clock.instant().minus(Duration.ofMinutes(10)));
        OpenFinding f = only(evaluate(policy(ladder()), "clicks"));
        assertEquals(2, cluster.diagnostics.histograms.size(), "broker 1's histogram is 10 minutes old");
        assertEquals(List.of("class-histogram"), f.attempted());
    }

    @Test
    void aFailureThatStopsThePlanHaltsTheLadderAndTellsPeople() throws Exception {
        cluster.changes.failure = Optional.of(new ActionFailure("setting the cluster default: no answer within 10s (state unknown)",
                ActionFailure.Kind.STOPS_PLAN));
        Policy policy = policy(List.of(expire(), new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));

        OpenFinding f = only(evaluate(policy, "clicks"));
        assertThat(f.ladderHalted()).isTrue();
        assertThat(f.halted()).contains("expire-producers cluster c failed").contains("state unknown");
        assertThat(cluster.notifications.sent).extracting(n -> n.title()).contains("Remediation halted");
        assertThat(cluster.audit.eventNames()).contains("halted");

        cluster.changes.failure = Optional.empty();
        cluster.clock.advance(Duration.ofHours(2));
        evaluate(policy, "clicks");
        assertThat(cluster.restarter.restarted).as("nothing more for a halted finding").isEmpty();
    }

    @Test
    void aFailedDiagnosisNeitherHoldsUpNorHaltsTheCure() throws Exception {
        cluster.diagnostics.failure = Optional.of(new ActionFailure("heap dump to /var/tmp/dumps/...: the directory does not exist on broker 1's host",
                ActionFailure.Kind.STOPS_PLAN));
        Policy policy = policy(ladder());

        OpenFinding f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("class-histogram"), f.attempted());
        assertThat(f.ladderHalted()).isFalse();
        assertEquals(3, cluster.audit.events.stream().filter(e -> e.event().equals("failed")).count(), "each broker's failure audited");

        f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("class-histogram", "expire-producers"), f.attempted(), "the cure runs");
    }

    @Test
    void aFailureThatMayPassWaitsOnTheSameRung() throws Exception {
        cluster.changes.failure = Optional.of(new ActionFailure("setting the cluster default: broker not available", ActionFailure.Kind.RETRY_LATER));
        Policy policy = policy(List.of(expire(), new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));

        OpenFinding f = only(evaluate(policy, "clicks"));
        assertEquals(List.of(), f.attempted());
        assertThat(f.ladderHalted()).isFalse();

        cluster.changes.failure = Optional.empty();
        cluster.clock.advance(Duration.ofHours(1));
        f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("expire-producers"), f.attempted());
    }

    @Test
    void aPolicysRollLimitHoldsForTheDaemonAndTheCliAlike() throws Exception {
        Policy policy = policy(List.of(new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));
        evaluate(policy, "clicks");
        assertEquals(List.of(2, 3, 1), cluster.restarter.restarted);

        cluster.clock.advance(Duration.ofHours(23).plusMinutes(59));
        Map<String, OpenFinding> open = evaluate(policy, "clicks", "orders");
        assertEquals(3, cluster.restarter.restarted.size(), "a second finding cannot roll the cluster again within the day");
        assertEquals(List.of(), open.get("leak/c/topic/orders").attempted(), "it waits");

        ActionContext context = cluster.context();
        Action.Roll byHand = new Action.Roll("c", List.of(2), false, true, ActionDefaults.limits("roll"), "the brokers asked for");
        RunResult manual = context.runner().run(ActionFactory.steps(byHand, context).get(0), ActionRunner.Mode.daemon(false), (e, d) -> { });
        assertEquals(RunResult.Status.REFUSED, manual.status(), "the CLI's roll counts against the same day");
        assertEquals("cooldown", manual.refusedBy().orElseThrow().guard());

        cluster.clock.advance(Duration.ofMinutes(1));
        evaluate(policy, "clicks", "orders");
        assertEquals(6, cluster.restarter.restarted.size(), "a day later the waiting finding rolls");
    }

    @Test
    void theSeedsCureWhereExpiryIsOffTrimsTheGuiltyTopicThenRollsItsBrokersAndFreesItsStateOnly() throws Exception {
        cluster.topic("orders", 3);
        cluster.leak("orders", 50, TestCluster.START.minus(Duration.ofMinutes(5)));
        Policy policy = policy(List.of(new ActionSpec.Notify(HOURLY, Optional.empty()),
                new ActionSpec.ExpireProducers(new ActionLimits(false, Duration.ofHours(1), 1), Duration.ofMinutes(2), Optional.empty(), true,
                        ActionDefaults.EXPIRATION_FLOOR),
                new ActionSpec.Trim(new ActionLimits(true, Duration.ofHours(24), 1), new TopicFilter(List.of(java.util.regex.Pattern.compile("clicks")),
                        List.of()), Optional.empty(), true, false, 100, 1_000_000, 1.0),
                new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));

        OpenFinding f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("trim"), f.attempted(), "expiry is off: the trim is the first step");
        assertThat(cluster.changes.trimmedTo).containsOnlyKeys(new org.apache.kafka.common.TopicPartition("clicks", 0),
                new org.apache.kafka.common.TopicPartition("clicks", 1), new org.apache.kafka.common.TopicPartition("clicks", 2));
        assertThat(cluster.brokers.values()).as("a trim alone frees nothing (KIP-360)").allSatisfy(b -> assertEquals(1050, b.producerIds));

        f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("trim", "roll"), f.attempted());
        assertEquals(List.of(2, 3, 1), cluster.restarter.restarted, "the brokers holding clicks' replicas, the controller last");
        assertThat(cluster.brokers.values()).as("clicks' state gone, orders' kept").allSatisfy(b -> assertEquals(150, b.producerIds));
        assertThat(cluster.audit.events).anySatisfy(e -> {
            assertEquals("effect", e.event());
            assertThat(String.valueOf(e.details().get("summary"))).contains("the producer state of [clicks] is gone: 900 entries before, 0 after");
        });
        assertThat(cluster.admin.partitionOffsets.get(new org.apache.kafka.common.TopicPartition("orders", 0)).logStart())
                .as("no record of another topic lost").isZero();
    }

    @Test
    void aRollThatWouldFreeAnUntrimmedTopicIsRefused() throws Exception {
        Policy policy = policy(List.of(new ActionSpec.Trim(new ActionLimits(true, Duration.ofHours(24), 1),
                new TopicFilter(List.of(java.util.regex.Pattern.compile("clicks")), List.of()), Optional.empty(), true, false, 100, 1_000_000, 1.0),
                new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));
        cluster.changes.failure = Optional.of(new ActionFailure("deleteRecords: not the leader", ActionFailure.Kind.RETRY_LATER));
        cluster.ledger.record("c", "trim", "topics clicks", cluster.clock.instant()); // the trim waits for its cooldown
        OpenFinding f = only(evaluate(policy, "clicks"));
        assertEquals(List.of(), f.attempted());

        // Forced past the trim by hand would not help either: the roll itself refuses while clicks is untrimmed.
        ActionContext context = cluster.context();
        Action.Roll roll = (Action.Roll) Planner.plan(new Finding("leak", "c", Entity.topic("clicks"), Severity.CRITICAL, cluster.clock.instant(), "d",
                List.of(), List.of(), Optional.empty(), false), policy, context.snapshot(), context.cluster()).steps().get(1).action();
        RunResult r = context.runner().run(ActionFactory.steps(roll, context).get(0), ActionRunner.Mode.daemon(false), (e, d) -> { });
        assertEquals("trimmed-first", r.refusedBy().orElseThrow().guard());
        assertThat(cluster.restarter.restarted).isEmpty();
    }

    @Test
    void aLogStartMovedByRetentionIsNoTrimForTheRoll() throws Exception {
        for (int p = 0; p < 3; p++) { // retention deleted the oldest segments: the log start moved, nothing was trimmed
            cluster.admin.partitionOffsets.put(new org.apache.kafka.common.TopicPartition("clicks", p),
                    new dev.kafkaremediator.observe.PartitionOffsets(50, 100, java.util.OptionalLong.empty()));
        }
        ActionContext context = cluster.context();
        Action.Roll roll = new Action.Roll("c", List.of(2, 3, 1), false, true, ROLL_ONCE_A_DAY, "", List.of("clicks"));
        RunResult r = context.runner().run(ActionFactory.steps(roll, context).get(0), ActionRunner.Mode.daemon(false), (e, d) -> { });
        assertEquals("trimmed-first", r.refusedBy().orElseThrow().guard());
        assertThat(r.refusedBy().orElseThrow().reasons().get(0)).contains("no trim of [clicks] in the last 24h");
        assertThat(cluster.restarter.restarted).isEmpty();
    }

    @Test
    void anIneffectiveRungEscalatesAtTheNextEvaluation() throws Exception {
        // The producers start writing again once the value is lowered: they keep their ids.
        boolean[] writing = {false};
        cluster.changes.onSetDefault = defaults -> writing[0] = defaults.containsKey(EXPIRY);
        cluster.beforePass = () -> {
            if (writing[0]) {
                cluster.touch("clicks");
            }
        };
        Policy policy = policy(List.of(expire(), new ActionSpec.Roll(ROLL_ONCE_A_DAY, Optional.empty())));
        OpenFinding f = only(evaluate(policy, "clicks"));
        assertEquals(List.of("expire-producers"), f.attempted());
        assertThat(cluster.restarter.restarted).isEmpty();
        assertThat(cluster.audit.events).anySatisfy(e -> {
            assertEquals("effect", e.event());
            assertEquals("ineffective", e.details().get("outcome"));
        });

        evaluate(policy, "clicks");
        assertEquals(List.of(2, 3, 1), cluster.restarter.restarted);
    }
}
