package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.config.policy.TopicFilter;
import dev.kafkaremediator.observe.PartitionOffsets;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.plan.TrimLimits;
import dev.kafkaremediator.plan.TrimPlanner;
import dev.kafkaremediator.testsupport.TestCluster;
import dev.kafkaremediator.config.policy.ActionDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Each step's verify on an in-memory cluster: effective only when the promised effect is there, and why not otherwise. */
class StepVerifyTest {
    private static final ActionLimits LIMITS = new ActionLimits(true, Duration.ofHours(1), 5);
    private static final String EXPIRY = "producer.id.expiration.ms";

    private final TestCluster cluster = new TestCluster(3);

    private RunResult run(Action action) throws InterruptedException {
        ActionContext context = cluster.context();
        return context.runner().run(ActionFactory.steps(action, context).get(0), ActionRunner.Mode.daemon(false), (e, d) -> { });
    }

    private static Action.ExpireProducers expire(Duration expiration, Optional<Duration> await) {
        return new Action.ExpireProducers("c", expiration, await, true, ActionDefaults.EXPIRATION_FLOOR, LIMITS);
    }

    private final List<String> planned = new ArrayList<>();

    private RunResult runRecordingPlan(Action action) throws InterruptedException {
        ActionContext context = cluster.context();
        return context.runner().run(ActionFactory.steps(action, context).get(0), ActionRunner.Mode.daemon(false), (e, d) -> {
            if (e.equals("plan")) {
                planned.add(d.toString());
            }
        });
    }

    @Test
    void onKafkasDefaultsTheLoweredValueStaysForEveryBrokersPassThenExactlyWhatWasThereIsBack() throws Exception {
        cluster.leak("clicks", 100, TestCluster.START.minus(Duration.ofHours(1)));
        cluster.passInterval.put(3, Duration.ofMinutes(15)); // one slower broker, from its server.properties
        cluster.admin.staticConfigs.put(3, Map.of("producer.id.expiration.check.interval.ms", "900000"));
        cluster.admin.clusterDefaults.put(EXPIRY, "604800000");
        Instant restoredAt = null;
        RunResult r = runRecordingPlan(expire(Duration.ofMinutes(2), Optional.empty()));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertThat(cluster.brokers.values()).allSatisfy(b -> assertEquals(0, b.producerIds));
        assertEquals("604800000", cluster.admin.clusterDefaults.get(EXPIRY), "restored to exactly what was there");
        assertThat(cluster.clock.instant()).as("kept past broker 3's first pass after the change (15 min)")
                .isAfterOrEqualTo(TestCluster.START.plus(Duration.ofMinutes(15)));
        assertThat(planned.get(0)).contains("expectedToFree={1=300, 2=300, 3=300}").contains("900000 (STATIC_BROKER_CONFIG)")
                .contains("600000 (DEFAULT_CONFIG)");
        assertThat(r.effect().orElseThrow().summary()).contains("freed {1=300, 2=300, 3=300} of expected {1=300, 2=300, 3=300}");
    }

    @Test
    void aPerBrokerOverrideIsChangedAndRestoredAtItsOwnLevel() throws Exception {
        cluster.leak("clicks", 100, TestCluster.START.minus(Duration.ofHours(1)));
        cluster.admin.brokerOverrides.put(2, new java.util.HashMap<>(Map.of(EXPIRY, "3600000")));
        RunResult r = runRecordingPlan(expire(Duration.ofMinutes(2), Optional.empty()));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertThat(cluster.changes.calls).containsExactly("set " + EXPIRY + "=120000", "set broker 2 " + EXPIRY + "=120000",
                "set broker 2 " + EXPIRY + "=3600000", "set " + EXPIRY + "=(removed)");
        assertEquals("3600000", cluster.admin.brokerOverrides.get(2).get(EXPIRY));
        assertThat(planned.get(0)).contains("perBrokerOverrides={broker 2=3600000}");
    }

    @Test
    void anAwaitShorterThanTheSlowestPassIsRefusedBeforeAnythingChanges() throws Exception {
        cluster.leak("clicks", 10, TestCluster.START.minus(Duration.ofHours(1)));
        RunResult r = run(expire(Duration.ofMinutes(2), Optional.of(Duration.ofMinutes(5))));
        assertEquals(RunResult.Status.REFUSED, r.status());
        assertEquals("await-covers-pass", r.refusedBy().orElseThrow().guard());
        assertThat(r.refusedBy().orElseThrow().overridable()).isFalse();
        assertThat(r.refusedBy().orElseThrow().reasons().get(0)).contains("600000 (DEFAULT_CONFIG)").contains("at least 11m");
        assertThat(cluster.changes.calls).isEmpty();
    }

    @Test
    void anExpirationBelowTheFloorNeedsAPersonsForce() throws Exception {
        cluster.leak("clicks", 10, TestCluster.START.minus(Duration.ofHours(1)));
        RunResult r = run(expire(Duration.ofSeconds(30), Optional.empty()));
        assertEquals("expiration-floor", r.refusedBy().orElseThrow().guard());
        assertThat(r.refusedBy().orElseThrow().overridable()).isTrue();
        assertThat(r.refusedBy().orElseThrow().reasons().get(0)).contains("delivery.timeout.ms");
    }

    @Test
    void producersThatWriteAgainAreNamedAsTheReasonTheirIdsStayed() throws Exception {
        cluster.leak("clicks", 100, TestCluster.START.minus(Duration.ofHours(1)));
        boolean[] writing = {false};
        cluster.changes.onSetDefault = d -> writing[0] = d.containsKey(EXPIRY);
        cluster.beforePass = () -> {
            if (writing[0]) {
                cluster.touch("clicks");
            }
        };
        RunResult r = run(expire(Duration.ofMinutes(2), Optional.empty()));

        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
        assertThat(r.effect().orElseThrow().summary()).contains("300 of the expected entries were written again during the wait")
                .doesNotContain("may not have run");
        assertThat(cluster.admin.clusterDefaults).doesNotContainKey(EXPIRY);
    }

    @Test
    void producersLeakedJustBeforeAreExpectedOnceIdleLongEnoughAndTheWaitCoversTheirExpiry() throws Exception {
        // The brokers' passes run at 10, 20, ... minutes from their start; the producers wrote 10 s ago.
        cluster.leak("clicks", 100, TestCluster.START.minusSeconds(10));
        RunResult r = run(expire(Duration.ofMinutes(2), Optional.empty()));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertThat(cluster.brokers.values()).allSatisfy(b -> assertEquals(0, b.producerIds));
        assertThat(cluster.admin.clusterDefaults).doesNotContainKey(EXPIRY);
    }

    @Test
    void nothingToFreeIsSaidSoWithTheReason() throws Exception {
        cluster.openTransactions("clicks", 2, TestCluster.START.minus(Duration.ofHours(2)));
        RunResult r = run(expire(Duration.ofMinutes(2), Optional.empty()));
        assertEquals(Effect.Outcome.UNKNOWN, r.effect().orElseThrow().outcome());
        assertThat(r.effect().orElseThrow().summary()).startsWith("nothing for the new expiration to free: 0 entries not idle for 2m within the wait, "
                + "6 in ongoing transactions");
    }

    @Test
    void idsInOpenTransactionsAreNeverExpectedToExpireAndThePlanNamesThem() throws Exception {
        cluster.leak("clicks", 100, TestCluster.START.minus(Duration.ofHours(1)));
        cluster.openTransactions("clicks", 1, TestCluster.START.minus(Duration.ofHours(1)));
        RunResult r = runRecordingPlan(expire(Duration.ofMinutes(2), Optional.empty()));

        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertThat(cluster.brokers.values()).allSatisfy(b -> assertEquals(3, b.producerIds, "the transactions' ids stay"));
        assertThat(planned.get(0)).contains("3 in ongoing transactions never expire").contains("transaction from offset 0");
    }

    private Action.Trim trimToEnd() {
        return new Action.Trim(List.of("clicks"), TrimPlanner.Extent.end(),
                new TrimLimits(new TopicFilter(List.of(Pattern.compile("clicks")), List.of()), false, 10, 1_000_000, 1.0), LIMITS);
    }

    @Test
    void aTrimIsEffectiveWhenTheLogStartOffsetsMovedAndSaysItFreedNoProducerState() throws Exception {
        for (int p = 0; p < 3; p++) {
            cluster.admin.partitionOffsets.put(new TopicPartition("clicks", p), new PartitionOffsets(0, 100, OptionalLong.empty()));
        }
        cluster.changes.onSetDefault = d -> { };
        ActionContext context = cluster.context();
        ActionStep<?, ?> step = ActionFactory.steps(trimToEnd(), context).get(0);
        // The brokers move the log start as asked: read back what was trimmed.
        RunResult r = context.runner().run(step, ActionRunner.Mode.daemon(false), (e, d) -> {
            if (e.equals("end")) {
                cluster.changes.trimmedTo.forEach((tp, o) -> cluster.admin.partitionOffsets.put(tp, new PartitionOffsets(o, 100, OptionalLong.empty())));
            }
        });
        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertEquals(Map.of(new TopicPartition("clicks", 0), 100L, new TopicPartition("clicks", 1), 100L, new TopicPartition("clicks", 2), 100L),
                cluster.changes.trimmedTo);
        assertEquals(false, r.effect().orElseThrow().figures().get("producerStateFreed"), "KIP-360: a trim alone frees no producer state");
    }

    @Test
    void aTrimWhoseLogStartDidNotMoveIsIneffectiveNamingThePartition() throws Exception {
        for (int p = 0; p < 3; p++) {
            cluster.admin.partitionOffsets.put(new TopicPartition("clicks", p), new PartitionOffsets(0, 100, OptionalLong.empty()));
        }
        cluster.changes.onDeleteRecords = targets -> { }; // the brokers did not move the log start
        RunResult r = run(trimToEnd());
        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
        assertThat(r.effect().orElseThrow().summary()).contains("clicks-0 starts at 0, not 100");
    }

    @Test
    void aHeapDumpOnAnotherHostIsUnknownNotEffective() throws Exception {
        RunResult r = run(new Action.HeapDump(List.of(2), true, Duration.ofMinutes(10), LIMITS));
        assertEquals(Effect.Outcome.UNKNOWN, r.effect().orElseThrow().outcome());
        assertThat(cluster.diagnostics.dumps).singleElement().asString().startsWith("h2:9999 /var/tmp/dumps/c-broker-2-").endsWith("live=true");
    }

    @Test
    void aClassHistogramReportsTheShareOfProducerState() throws Exception {
        cluster.diagnostics.histogramText = String.join("\n",
                " num     #instances         #bytes  class name (module)",
                "-------------------------------------------------------",
                "   1:        500000       24000000  org.apache.kafka.storage.internals.log.ProducerStateEntry",
                "   2:         10000       76000000  [B (java.base@17)",
                "Total        510000      100000000");
        RunResult r = run(new Action.ClassHistogram(List.of(1), 20, Duration.ofMinutes(2), LIMITS));
        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome());
        assertThat(r.effect().orElseThrow().summary()).contains("of broker 1's live heap is producer state").contains("500000 ProducerStateEntry");
    }
}
