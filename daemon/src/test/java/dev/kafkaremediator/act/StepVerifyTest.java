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
import java.time.Duration;
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

    @Test
    void expiryIsEffectiveWhenEveryBrokersCountFallsAndThePreviousValueIsBack() throws Exception {
        cluster.brokers.values().forEach(b -> b.producerIds = 900);
        cluster.admin.clusterDefaults.put(EXPIRY, "86400000");
        cluster.changes.onSetDefault = d -> {
            if ("60000".equals(d.get(EXPIRY))) {
                cluster.brokers.values().forEach(b -> b.producerIds = 0);
            }
        };
        RunResult r = run(new Action.ExpireProducers("c", Duration.ofMinutes(1), Duration.ofMinutes(2), true, LIMITS));
        assertEquals(Effect.Outcome.EFFECTIVE, r.effect().orElseThrow().outcome(), r.toString());
        assertEquals("86400000", cluster.admin.clusterDefaults.get(EXPIRY), "restored");
    }

    @Test
    void expiryThatFreesNothingIsIneffectiveAndStillRestoresAfterItsBoundedWait() throws Exception {
        cluster.brokers.values().forEach(b -> b.producerIds = 900);
        RunResult r = run(new Action.ExpireProducers("c", Duration.ofMinutes(1), Duration.ofMinutes(2), true, LIMITS));
        assertEquals(Effect.Outcome.INEFFECTIVE, r.effect().orElseThrow().outcome());
        assertThat(r.effect().orElseThrow().summary()).contains("2700 -> 2700").contains("in 2m");
        assertThat(cluster.admin.clusterDefaults).doesNotContainKey(EXPIRY);
        assertThat(cluster.clock.instant()).isAfterOrEqualTo(TestCluster.START.plus(Duration.ofMinutes(2)));
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
