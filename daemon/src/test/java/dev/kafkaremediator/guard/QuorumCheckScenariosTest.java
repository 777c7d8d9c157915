package dev.kafkaremediator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.RollStep;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.observe.ControllerQuorum;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of Strimzi's {@code KafkaQuorumCheckTest}, one test each under its name, in our
 * data: each voter's last caught-up time in milliseconds of the leader's clock (empty: the leader
 * reports none), the controllers' fetch timeout 2,000 ms unless the scenario says otherwise. Our
 * answer is asserted; where it differs from Strimzi's the comment says why.
 */
class QuorumCheckScenariosTest {
    private static final Duration FETCH_TIMEOUT = Duration.ofMillis(2_000);

    /** Voters as id, time, id, time...; a null time is one the leader does not report. */
    private static ControllerQuorum quorum(int leader, Duration fetchTimeout, Long... idThenMillis) {
        Map<Integer, Optional<Instant>> voters = new LinkedHashMap<>();
        for (int i = 0; i < idThenMillis.length; i += 2) {
            voters.put(idThenMillis[i].intValue(), Optional.ofNullable(idThenMillis[i + 1]).map(Instant::ofEpochMilli));
        }
        return new ControllerQuorum(leader, voters, fetchTimeout);
    }

    private static ControllerQuorum quorum(int leader, Long... idThenMillis) {
        return quorum(leader, FETCH_TIMEOUT, idThenMillis);
    }

    private static Verdict roll(int broker, ControllerQuorum q) {
        Verdict v = RollGuard.quorum(broker, q);
        assertThat(v.guard()).isEqualTo("controller-quorum");
        assertThat(v.overridable()).as("a quorum refusal is never forced").isFalse();
        return v;
    }

    @Test
    void canRollActiveControllerOddSizedCluster() {
        assertThat(roll(1, quorum(1, 1L, 10_000L, 2L, 9_500L, 3L, 9_700L)).allowed()).isTrue();
    }

    @Test
    void canRollActiveControllerEvenSizedCluster() {
        assertThat(roll(1, quorum(1, 1L, 10_000L, 2L, 9_500L, 3L, 9_700L, 4L, 9_600L)).allowed()).isTrue();
    }

    @Test
    void cannotRollActiveControllerWith1FollowerBehindOddSizedCluster() {
        // 2 is 3,000 ms behind; 3 (1,800 ms) alone is no majority of 3.
        Verdict v = roll(1, quorum(1, 1L, 10_000L, 2L, 7_000L, 3L, 8_200L));
        assertThat(v.allowed()).isFalse();
        assertThat(v.reasons()).singleElement().asString().contains("only 1 of 3 voters", "a majority needs 2");
    }

    @Test
    void cannotRollActiveControllerWith1FollowerBehindEvenSizedCluster() {
        assertThat(roll(1, quorum(1, 1L, 10_000L, 2L, 7_000L, 3L, 8_200L, 4L, 9_000L)).allowed()).isFalse();
    }

    @Test
    void canRollControllerWhenItselfIsBehind() {
        assertThat(roll(2, quorum(1, 1L, 10_000L, 2L, 7_000L, 3L, 10_000L)).allowed()).isTrue();
    }

    @Test
    void cannotRollControllerWhenAnotherFollowerBehind() {
        assertThat(roll(3, quorum(1, 1L, 10_000L, 2L, 7_000L, 3L, 10_000L)).allowed()).isFalse();
    }

    @Test
    void cannotRollControllerWhenTimestampInvalid() {
        // Kafka reports -1 for "never"; we read it as no time at all (KafkaClusterAdmin), same answer.
        assertThat(roll(3, quorum(1, 1L, 10_000L, 2L, null, 3L, null)).allowed()).isFalse();
    }

    @Test
    void cannotRollControllerWhenFailedFuture() throws InterruptedException {
        // No quorum to judge when describeMetadataQuorum fails: the roll stops before any restart.
        TestCluster cluster = new TestCluster(3);
        cluster.restartsCleanly();
        cluster.quorumAnswers = false;
        ActionContext context = cluster.context();
        RunResult r = context.runner().run(new RollStep(context, new Action.Roll("c", List.of(2, 3, 1), false, true,
                new ActionLimits(true, Duration.ofHours(24), 1), "")), ActionRunner.Mode.daemon(false), (event, details) -> { });
        assertThat(r.status()).isNotEqualTo(RunResult.Status.DONE);
        assertThat(r.toString()).contains("describeMetadataQuorum");
        assertThat(cluster.restarter.restarted).isEmpty();
    }

    @Test
    void canRollControllerSingleNodeQuorum() {
        Verdict v = roll(1, quorum(1, 1L, 10_000L));
        assertThat(v.allowed()).isTrue();
        assertThat(v.reasons()).singleElement().asString().contains("only controller voter", "unavoidable");
    }

    @Test
    void canRollController2NodesQuorum() {
        Verdict v = roll(1, quorum(1, 1L, 10_000L, 2L, 9_500L));
        assertThat(v.allowed()).isTrue();
        assertThat(v.reasons()).singleElement().asString().contains("2 controller voters");
    }

    @Test
    void cannotRollController2NodeQuorumFollowerBehind() {
        assertThat(roll(1, quorum(1, 1L, 10_000L, 2L, 7_000L)).allowed()).isFalse();
    }

    @Test
    void shouldHandlePartiallyIncompleteQuorumData() {
        assertThat(roll(1, quorum(1, 1L, 10_000L, 2L, null, 3L, 9_500L)).allowed()).isFalse();
    }

    @Test
    void shouldHandleNoLeaderQuorumScenario() {
        Verdict v = roll(1, quorum(-1, 1L, 10_000L, 2L, 12_000L, 3L, 11_000L));
        assertThat(v.allowed()).isFalse();
        assertThat(v.reasons()).singleElement().asString().contains("no leader");
    }

    @Test
    void shouldTestDynamicTimeoutValue() {
        assertThat(roll(1, quorum(1, Duration.ofMillis(100), 1L, 10_000L, 2L, 9_950L)).allowed()).isTrue();
    }

    // Beyond Strimzi's scenarios: the edges of the rule as we implement it.

    @Test
    void caughtUpMeansLessThanTheFetchTimeoutBehindTheLeader() {
        // Rolling 3 leaves 1 (leader) and 2; 2 must be caught up for a majority of 3.
        assertThat(roll(3, quorum(1, 1L, 10_000L, 2L, 8_001L, 3L, 10_000L)).allowed()).as("1,999 ms behind").isTrue();
        assertThat(roll(3, quorum(1, 1L, 10_000L, 2L, 8_000L, 3L, 10_000L)).allowed()).as("2,000 ms behind").isFalse();
    }

    @Test
    void noLeaderRefusesEveryBrokerNotOnlyVoters() {
        // On purpose stricter than Strimzi, which asks the quorum only about controllers: while no
        // controller leads, a restarted broker could not register again, so nothing restarts.
        assertThat(roll(7, quorum(-1, 1L, 10_000L, 2L, 10_000L, 3L, 10_000L)).allowed()).isFalse();
    }

    @Test
    void aBrokerThatIsNoVoterIsNotTheQuorumsConcern() {
        assertThat(roll(7, quorum(1, 1L, 10_000L, 2L, 1L, 3L, 1L)).allowed()).isTrue();
    }

    @Test
    void aLeaderWithoutATimeOfItsOwnRefuses() {
        // On purpose stricter than Strimzi, which then compares every voter with -1 and so counts
        // them all as caught up: without the leader's time there is nothing to judge against.
        assertThat(roll(3, quorum(1, 1L, null, 2L, 10_000L, 3L, 10_000L)).allowed()).isFalse();
        // Likewise a leader that is not among the voters (Strimzi fails on a missing map entry).
        assertThat(roll(3, quorum(9, 1L, 10_000L, 2L, 10_000L, 3L, 10_000L)).allowed()).isFalse();
    }

    @Test
    void aFiveVoterQuorumMayLoseOneOfTwoLaggards() {
        ControllerQuorum q = quorum(1, 1L, 10_000L, 2L, 9_000L, 3L, 9_000L, 4L, 1_000L, 5L, 1_000L);
        assertThat(roll(4, q).allowed()).as("1, 2, 3 remain caught up: 3 of 5").isTrue();
        assertThat(roll(2, q).allowed()).as("only 1 and 3 remain caught up").isFalse();
    }
}
