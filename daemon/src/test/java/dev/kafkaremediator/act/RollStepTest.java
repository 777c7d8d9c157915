package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.RollJournal.BrokerProgress;
import dev.kafkaremediator.act.RollJournal.BrokerState;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The roll's state machine on an in-memory cluster: every state, the order, stable checks, a broker that does not come back, resume, stop. */
class RollStepTest {
    private static final ActionLimits ONCE_A_DAY = new ActionLimits(true, Duration.ofHours(24), 1);

    private final TestCluster cluster = new TestCluster(3);
    private final List<String> events = new ArrayList<>();
    private final ActionEvents recorder = (event, details) -> events.add(event + " " + details);

    private Action.Roll roll(List<Integer> brokers, boolean resume) {
        return new Action.Roll("c", brokers, resume, true, ONCE_A_DAY, "");
    }

    private RunResult run(Action.Roll planned) throws InterruptedException {
        ActionContext context = cluster.context();
        return context.runner().run(new RollStep(context, planned), ActionRunner.Mode.daemon(false), recorder);
    }

    private List<BrokerState> statesOf(int broker) {
        List<BrokerState> states = new ArrayList<>();
        for (RollJournal.Roll r : cluster.journal.saved) {
            BrokerProgress p = r.brokers().get(broker);
            if (p != null && (states.isEmpty() || states.get(states.size() - 1) != p.state())) {
                states.add(p.state());
            }
        }
        return states;
    }

    @Test
    void everyBrokerOnceInThePlannedOrderControllerLastThroughEveryState() throws Exception {
        cluster.restartsCleanly();
        RunResult r = run(roll(List.of(2, 3, 1), false));

        assertEquals(RunResult.Status.DONE, r.status(), r.toString());
        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome());
        assertEquals(List.of(2, 3, 1), cluster.restarter.restarted);
        for (int broker : List.of(1, 2, 3)) {
            assertEquals(List.of(BrokerState.PENDING, BrokerState.CHECKING, BrokerState.RESTARTING, BrokerState.STARTING, BrokerState.RECOVERING,
                    BrokerState.IN_SYNC, BrokerState.DONE), statesOf(broker), "broker " + broker);
        }
        assertEquals(RollJournal.Status.DONE, cluster.journal.load("c").orElseThrow().status());
        assertEquals(3, cluster.changes.elections, "the plan asked for preferred leader election after each broker");
        assertThat(cluster.journal.isLocked("c")).as("the roll lock is released").isFalse();
    }

    @Test
    void theControllerGoesLastAsTheQuorumSaysWhenTheRollStarts() throws Exception {
        cluster.restartsCleanly();
        cluster.controller = 3; // moved since the plan, which put broker 1 last
        run(roll(List.of(2, 3, 1), false));
        assertEquals(List.of(1, 2, 3), cluster.restarter.restarted);
    }

    @Test
    void theCanRollCheckMustPassStableChecksTimesInARowAndAFailedCheckStartsTheCountAgain() throws Exception {
        cluster.restartsCleanly();
        Map<Integer, Integer> restartedAtSnapshot = new LinkedHashMap<>();
        cluster.restarter.onRestart = id -> restartedAtSnapshot.put(id, cluster.snapshots);
        // Snapshot 1 is the plan's. With broker 3 out of sync, restarting broker 2 would leave one in-sync replica: refused.
        cluster.onSnapshot = n -> {
            if (n == 2 || n == 4) {
                cluster.outOfSync.add(3);
            } else {
                cluster.outOfSync.clear();
            }
        };
        run(roll(List.of(2), false));
        assertEquals(Map.of(2, 6), restartedAtSnapshot, "refused at 2, passes at 3, refused at 4, passes at 5 and 6: two in a row");
    }

    @Test
    void aBrokerThatDoesNotComeBackFailsTheRollAndLeavesTheOthersUntouched() throws Exception {
        cluster.restarter.onRestart = id -> {
            if (id == 3) {
                cluster.broker(3).registered = false;
            }
        };
        RunResult r = run(roll(List.of(2, 3, 1), false));

        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
        assertThat(r.effect().orElseThrow().summary()).contains("broker 3").contains("remaining brokers untouched: [3, 1]");
        assertEquals(List.of(2, 3), cluster.restarter.restarted);
        RollJournal.Roll journaled = cluster.journal.load("c").orElseThrow();
        assertEquals(RollJournal.Status.FAILED, journaled.status());
        assertEquals(BrokerState.FAILED, journaled.brokers().get(3).state());
        assertEquals(BrokerState.PENDING, journaled.brokers().get(1).state());
        assertThat(events).anyMatch(e -> e.startsWith("roll-stopped"));
    }

    @Test
    void aRestartCommandThatFailsStopsTheRollAtThatBroker() throws Exception {
        cluster.restarter.failing = java.util.Set.of(2);
        RunResult r = run(roll(List.of(2, 3, 1), false));
        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
        assertEquals(List.of(2), cluster.restarter.restarted);
        assertThat(cluster.journal.load("c").orElseThrow().note()).contains("exited 1");
    }

    @Test
    void resumeSkipsBrokersDoneAndNeverRestartsAgainOneWhoseRestartHadBegun() throws Exception {
        cluster.restartsCleanly();
        Map<Integer, BrokerProgress> brokers = new LinkedHashMap<>();
        brokers.put(2, new BrokerProgress(BrokerState.DONE, TestCluster.START, 1, ""));
        brokers.put(3, new BrokerProgress(BrokerState.RESTARTING, TestCluster.START, 1, ""));
        brokers.put(1, new BrokerProgress(BrokerState.PENDING, TestCluster.START, 0, ""));
        cluster.journal.save(new RollJournal.Roll("roll-1", "c", TestCluster.START, List.of(2, 3, 1), brokers, RollJournal.Status.RUNNING, ""));
        cluster.broker(3).startedAt = TestCluster.START.plusSeconds(4); // the restart command ran: the broker's JVM is newer than RESTARTING

        RunResult r = run(roll(List.of(), true));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertEquals(List.of(1), cluster.restarter.restarted, "broker 3 is awaited, not restarted a second time");
        assertThat(cluster.ledger.entries).noneMatch(e -> e.action().equals("roll"), "a resumed roll is not another roll");
    }

    /** Broker 2 done, broker 3 journaled RESTARTING at {@code since}, broker 1 pending: a roll cut around broker 3's restart command. */
    private void cutAtRestartOf3(java.time.Instant since) {
        Map<Integer, BrokerProgress> brokers = new LinkedHashMap<>();
        brokers.put(2, new BrokerProgress(BrokerState.DONE, TestCluster.START, 1, ""));
        brokers.put(3, new BrokerProgress(BrokerState.RESTARTING, since, 1, "restart command"));
        brokers.put(1, new BrokerProgress(BrokerState.PENDING, TestCluster.START, 0, ""));
        cluster.journal.save(new RollJournal.Roll("roll-1", "c", TestCluster.START, List.of(2, 3, 1), brokers, RollJournal.Status.RUNNING, ""));
    }

    @Test
    void aBrokerCutBeforeItsRestartCommandRanIsRestartedOnceTheCommandsBoundHasPassed() throws Exception {
        cluster.restartsCleanly();
        cutAtRestartOf3(TestCluster.START);

        RunResult r = run(roll(List.of(), true));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertEquals(List.of(3, 1), cluster.restarter.restarted, "its JVM still the old one: restarted, once");
        assertThat(events).anyMatch(e -> e.startsWith("roll-judged") && e.contains("NOT_RESTARTED"));
        assertThat(cluster.clock.instant()).as("not before the dead runner's command could have run its course")
                .isAfterOrEqualTo(TestCluster.START.plus(cluster.roll.restartTimeout()));
    }

    @Test
    void aBrokerTheDeadRunnersCommandRestartsWhileTheSurvivorLooksIsNotRestartedAgain() throws Exception {
        cluster.restartsCleanly();
        cutAtRestartOf3(TestCluster.START);
        // The killed remediator's restart command lives on (a child process): broker 3 comes back a few looks later.
        cluster.onSnapshot = n -> {
            if (n == 4) {
                cluster.broker(3).startedAt = cluster.clock.instant();
            }
        };

        RunResult r = run(roll(List.of(), true));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertEquals(List.of(1), cluster.restarter.restarted);
        assertThat(events).anyMatch(e -> e.startsWith("roll-judged") && e.contains("RESTARTED") && !e.contains("NOT_RESTARTED"));
        assertEquals(BrokerState.DONE, cluster.journal.load("c").orElseThrow().brokers().get(3).state());
    }

    @Test
    void aBrokerThatDoesNotAnswerAfterTheCutStopsTheRollForAnOperator() throws Exception {
        cluster.restartsCleanly();
        cutAtRestartOf3(TestCluster.START);
        cluster.broker(3).registered = false;

        RunResult r = run(roll(List.of(), true));

        assertThat(cluster.restarter.restarted).isEmpty();
        RollJournal.Roll journaled = cluster.journal.load("c").orElseThrow();
        assertEquals(RollJournal.Status.FAILED, journaled.status());
        assertThat(journaled.note()).contains("did not answer");
        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
    }

    @Test
    void aResumedRollIsRunningAgainAndNamesTheInstanceAndTokenItGoesOnUnder() throws Exception {
        cluster.restartsCleanly();
        cutAtRestartOf3(TestCluster.START);
        cluster.broker(3).startedAt = TestCluster.START.plusSeconds(3);
        ActionContext context = cluster.context(() -> false, new CountedLease("ha-b", 7, Integer.MAX_VALUE));

        RunResult r = context.runner().run(new RollStep(context, roll(List.of(), true)), ActionRunner.Mode.daemon(false), recorder);

        assertEquals(RunResult.Status.DONE, r.status(), r.toString());
        RollJournal.Roll firstSaved = cluster.journal.saved.get(1);
        assertEquals(RollJournal.Status.RUNNING, firstSaved.status());
        assertThat(firstSaved.note()).contains("resumed by instance ha-b under lease token 7");
    }

    @Test
    void aLeaseLostBeforeARestartStopsTheRollWithoutWritingItsJournalAgain() throws Exception {
        cluster.restartsCleanly();
        // Confirmed by the runner, then before broker 2's restart; lost before broker 3's.
        ActionContext context = cluster.context(() -> false, new CountedLease("ha-a", 1, 2));

        RunResult r = context.runner().run(new RollStep(context, roll(List.of(2, 3, 1), false)), ActionRunner.Mode.daemon(false), recorder);

        assertEquals(RunResult.Status.FAILED, r.status());
        assertEquals(List.of(2), cluster.restarter.restarted);
        RollJournal.Roll journaled = cluster.journal.load("c").orElseThrow();
        assertEquals(RollJournal.Status.RUNNING, journaled.status(), "the new holder finds it running, and resumes it");
        assertEquals(BrokerState.CHECKING, journaled.brokers().get(3).state());
    }

    /** A lease confirmed {@code good} times, lost after. */
    private static final class CountedLease implements ClusterLease {
        private final String holder;
        private final long token;
        private int left;

        CountedLease(String holder, long token, int good) {
            this.holder = holder;
            this.token = token;
            this.left = good;
        }

        @Override
        public java.util.OptionalLong token() {
            return java.util.OptionalLong.of(token);
        }

        @Override
        public String holder() {
            return holder;
        }

        @Override
        public void confirm() throws ActionFailure {
            if (left-- <= 0) {
                throw new ActionFailure("the lease of cluster c (token " + token + ") was taken over by another instance", true, null);
            }
        }
    }

    @Test
    void aStopBetweenBrokersLeavesTheRestForResume() throws Exception {
        cluster.restartsCleanly();
        ActionContext context = cluster.context(() -> !cluster.restarter.restarted.isEmpty());
        RunResult r = context.runner().run(new RollStep(context, roll(List.of(2, 3, 1), false)), ActionRunner.Mode.daemon(false), recorder);

        assertEquals(List.of(2), cluster.restarter.restarted);
        RollJournal.Roll journaled = cluster.journal.load("c").orElseThrow();
        assertEquals(RollJournal.Status.STOPPED, journaled.status());
        assertEquals(List.of(3, 1), journaled.remaining());
        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
    }

    @Test
    void aRollCountsOnceAgainstThePlansLimitsWhicheverBrokersItRestarts() throws Exception {
        cluster.restartsCleanly();
        run(roll(List.of(2), false));
        cluster.clock.advance(Duration.ofHours(1));
        RunResult second = run(roll(List.of(3), false));
        assertEquals(RunResult.Status.REFUSED, second.status());
        assertEquals("cooldown", second.refusedBy().orElseThrow().guard());
        assertEquals(List.of(2), cluster.restarter.restarted);
    }
}
