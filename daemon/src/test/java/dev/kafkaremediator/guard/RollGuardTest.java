package dev.kafkaremediator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.ControllerQuorum;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.GcTotals;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.TopicConfigs;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollGuardTest {
    private static BrokerSnapshot broker(int id, String state) {
        return new BrokerSnapshot(id, Optional.of("h" + id), state != null, Optional.of("h" + id + ":9999"), state == null
                ? BrokerJmxReading.unknown("connection refused")
                : new BrokerJmxReading(Fact.known(new HeapUsage(1, 2, 3, OptionalLong.empty())), Fact.known(new GcTotals(0, Duration.ZERO)),
                        Fact.known(0L), Fact.known(0L), Fact.known(0L), Fact.known(state), Fact.known(false)));
    }

    private static ClusterSnapshot snapshot(List<BrokerSnapshot> brokers, List<Integer> isr, int minIsr, int replicationFactor) {
        List<Integer> replicas = new ArrayList<>(List.of(1, 2, 3).subList(0, replicationFactor));
        TopicSnapshot orders = new TopicSnapshot("orders", false, List.of(new PartitionSnapshot(3, OptionalInt.of(1), replicas, isr,
                Fact.unknown("n/a"))), Fact.known(new TopicConfigs(Optional.of(-1L), Optional.of("delete"), Optional.of(minIsr))), Fact.unknown("n/a"));
        return new ClusterSnapshot("c", Instant.EPOCH, Duration.ZERO, Fact.known(new ClusterMembership(Map.of(1, "h1", 2, "h2", 3, "h3"),
                OptionalInt.empty())), brokers, Fact.known(List.of(orders)), Fact.known(new ConsumerOffsets(Map.of())), Map.of());
    }

    private static final List<BrokerSnapshot> ALL_RUNNING = List.of(broker(1, "RUNNING"), broker(2, "RUNNING"), broker(3, "RUNNING"));
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ControllerQuorum QUORUM = new ControllerQuorum(3, Map.of(1, Optional.of(NOW), 2, Optional.of(NOW), 3, Optional.of(NOW)),
            ControllerQuorum.DEFAULT_FETCH_TIMEOUT);

    private static Verdict verdict(int broker, ClusterSnapshot s, ControllerQuorum q, String guard) {
        return RollGuard.canRoll(broker, new RollGuard.Inputs(s, Set.of(), q)).stream().filter(v -> v.guard().equals(guard)).findFirst().orElseThrow();
    }

    @Test
    void theIsrWithoutTheBrokerMustKeepMinIsr() {
        assertThat(verdict(1, snapshot(ALL_RUNNING, List.of(1, 2, 3), 2, 3), QUORUM, "min-isr").allowed()).isTrue();
        Verdict v = verdict(1, snapshot(ALL_RUNNING, List.of(1, 2), 2, 3), QUORUM, "min-isr");
        assertThat(v.allowed()).isFalse();
        assertThat(v.overridable()).isFalse();
        assertThat(v.reasons()).singleElement().asString().isEqualTo("orders-3 would have 1 in-sync replica, min 2");
        // A broker outside the ISR takes nothing away from it.
        assertThat(verdict(3, snapshot(ALL_RUNNING, List.of(1, 2), 2, 3), QUORUM, "min-isr").allowed()).isTrue();
    }

    @Test
    void aPartitionThatCanNeverKeepMinIsrIsReportedNotBlocking() {
        Verdict v = verdict(1, snapshot(ALL_RUNNING, List.of(1, 2), 2, 2), QUORUM, "min-isr");
        assertThat(v.allowed()).isTrue();
        assertThat(v.reasons()).singleElement().asString().contains("orders-3 (replication factor 2 <= min 2)");
    }

    @Test
    void anotherBrokerDownOrRecoveringRefuses() {
        List<BrokerSnapshot> oneDown = List.of(broker(1, "RUNNING"), broker(2, "RUNNING"), broker(3, null));
        assertThat(verdict(1, snapshot(oneDown, List.of(1, 2), 1, 3), QUORUM, "other-brokers").reasons()).contains("broker 3 is not registered");
        List<BrokerSnapshot> recovering = List.of(broker(1, "RECOVERY"), broker(2, "RUNNING"), broker(3, "RUNNING"));
        assertThat(verdict(1, snapshot(recovering, List.of(1, 2, 3), 1, 3), QUORUM, "log-recovery").allowed()).isFalse();
    }

    @Test
    void aVoterMayGoOnlyIfACaughtUpMajorityRemains() {
        ControllerQuorum lagging = new ControllerQuorum(3, Map.of(1, Optional.of(NOW), 2, Optional.of(NOW.minusSeconds(10)), 3, Optional.of(NOW)),
                ControllerQuorum.DEFAULT_FETCH_TIMEOUT);
        assertThat(verdict(1, snapshot(ALL_RUNNING, List.of(1, 2, 3), 1, 3), lagging, "controller-quorum").allowed())
                .as("without 1, only 3 is caught up: 1 of 3 is no majority").isFalse();
        assertThat(verdict(2, snapshot(ALL_RUNNING, List.of(1, 2, 3), 1, 3), lagging, "controller-quorum").allowed()).isTrue();
    }
}
