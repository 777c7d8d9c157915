package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ClusterLease;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.act.RollJournal.BrokerProgress;
import dev.kafkaremediator.act.RollJournal.BrokerState;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What a survivor does with an unfinished roll it finds when it takes a cluster over: resume, leave to its runner, or report. */
class RollTakeoverTest {
    private final TestCluster cluster = new TestCluster(3);

    /** The lease the survivor is given: held with token 2, or another instance's. */
    private ClusterLeases.Attempt attempt = new ClusterLeases.Held(lease("ha-b", 2), true);
    private int acquired;

    private static ClusterLease lease(String holder, long token) {
        return new ClusterLease() {
            @Override
            public OptionalLong token() {
                return OptionalLong.of(token);
            }

            @Override
            public String holder() {
                return holder;
            }

            @Override
            public void confirm() {
                // still ours
            }
        };
    }

    private final ClusterLeases leases = new ClusterLeases() {
        @Override
        public Attempt acquire(String name) {
            acquired++;
            return attempt;
        }

        @Override
        public AutoCloseable renewWhileRunning(String name) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    };

    private RollTakeover takeover() {
        return new RollTakeover("c", cluster.journal, () -> leases, l -> cluster.context(() -> false, l), cluster.audit, cluster.clock);
    }

    /** Broker 2 done; broker 3 cut while its restart command ran, which did restart it; broker 1 pending. */
    private RollJournal.Roll cut(RollJournal.Status status) {
        Map<Integer, BrokerProgress> brokers = new LinkedHashMap<>();
        brokers.put(2, new BrokerProgress(BrokerState.DONE, TestCluster.START, 1, ""));
        brokers.put(3, new BrokerProgress(BrokerState.RESTARTING, TestCluster.START, 1, "restart command"));
        brokers.put(1, new BrokerProgress(BrokerState.PENDING, TestCluster.START, 0, ""));
        cluster.broker(3).startedAt = TestCluster.START.plusSeconds(5);
        RollJournal.Roll roll = new RollJournal.Roll("roll-1", "c", TestCluster.START, List.of(2, 3, 1), brokers, status, "");
        cluster.journal.save(roll);
        return roll;
    }

    @Test
    void onlyARunningRollWhoseLockIsFreeIsResumed() {
        Optional<RollJournal.Roll> none = Optional.empty();
        assertEquals(RollTakeover.Decision.NOTHING, RollTakeover.decide(none, true));
        assertEquals(RollTakeover.Decision.NOTHING, RollTakeover.decide(Optional.of(cut(RollJournal.Status.DONE)), true));
        assertEquals(RollTakeover.Decision.REPORT, RollTakeover.decide(Optional.of(cut(RollJournal.Status.STOPPED)), true));
        assertEquals(RollTakeover.Decision.REPORT, RollTakeover.decide(Optional.of(cut(RollJournal.Status.FAILED)), true));
        assertEquals(RollTakeover.Decision.RUNNING_ELSEWHERE, RollTakeover.decide(Optional.of(cut(RollJournal.Status.RUNNING)), false));
        assertEquals(RollTakeover.Decision.RESUME, RollTakeover.decide(Optional.of(cut(RollJournal.Status.RUNNING)), true));
    }

    @Test
    void aRunningRollWithoutItsRunnerIsFinishedUnderTheSurvivorsLeaseNoBrokerRestartedTwice() {
        cluster.restartsCleanly();
        cut(RollJournal.Status.RUNNING);

        takeover().run();

        RollJournal.Roll done = cluster.journal.load("c").orElseThrow();
        assertEquals(RollJournal.Status.DONE, done.status(), done.toString());
        assertEquals(List.of(1), cluster.restarter.restarted, "broker 3 restarted by the dead runner's command is judged, not restarted again");
        List<AuditEvent> audit = cluster.audit.events;
        assertThat(audit).isNotEmpty().allSatisfy(e -> {
            assertEquals(RollTakeover.ACTOR, e.actor());
            assertEquals(2L, e.details().get("leaseToken"), e.toString());
        });
        assertThat(audit).filteredOn(e -> e.event().equals("roll-judged")).singleElement()
                .satisfies(e -> assertEquals("RESTARTED", e.details().get("verdict")));
        assertThat(audit).filteredOn(e -> e.event().equals("roll-command")).singleElement()
                .satisfies(e -> assertEquals(1, e.details().get("broker")));
        assertThat(cluster.journal.saved).anyMatch(r -> r.note().contains("resumed by instance ha-b under lease token 2"));
    }

    @Test
    void aRollWhoseLockIsHeldIsLeftToItsRunner() throws Exception {
        cluster.restartsCleanly();
        cut(RollJournal.Status.RUNNING);
        try (AutoCloseable runner = cluster.journal.tryLock("c").orElseThrow()) {
            takeover().run();
        }
        assertThat(cluster.restarter.restarted).isEmpty();
        assertThat(cluster.audit.events).isEmpty();
        assertEquals(0, acquired, "not even the lease asked for");
    }

    @Test
    void aStoppedOrFailedRollStaysForAnOperator() {
        cluster.restartsCleanly();
        for (RollJournal.Status status : List.of(RollJournal.Status.STOPPED, RollJournal.Status.FAILED)) {
            cut(status);
            takeover().run();
            assertEquals(status, cluster.journal.load("c").orElseThrow().status());
        }
        assertThat(cluster.restarter.restarted).isEmpty();
        assertThat(cluster.audit.events).isEmpty();
    }

    @Test
    void aClusterAnotherInstanceHoldsNowIsLeftToIt() {
        cluster.restartsCleanly();
        cut(RollJournal.Status.RUNNING);
        attempt = new ClusterLeases.Busy("ha-c", 3, Instant.parse("2026-11-25T12:00:10Z"));

        takeover().run();

        assertThat(cluster.restarter.restarted).isEmpty();
        assertEquals(RollJournal.Status.RUNNING, cluster.journal.load("c").orElseThrow().status());
    }
}
