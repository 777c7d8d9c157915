package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.observe.ActiveProducer;
import dev.kafkaremediator.observe.Fact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ExpiryCensusTest {
    private static final Instant AT = Instant.parse("2026-12-08T00:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("leak", 0);
    private static final TopicPartition P1 = new TopicPartition("leak", 1);
    private static final Map<TopicPartition, List<Integer>> REPLICAS = Map.of(P0, List.of(1, 2), P1, List.of(2, 3));

    private static List<ActiveProducer> producers(long from, long to, Instant last) {
        List<ActiveProducer> out = new ArrayList<>();
        for (long id = from; id < to; id++) {
            out.add(new ActiveProducer(id, last));
        }
        return out;
    }

    @Test
    void countsWhatTheNewExpirationFreesPerBrokerWithoutKeepingIds() {
        List<ActiveProducer> p0 = new ArrayList<>(producers(0, 300, AT.minus(Duration.ofHours(2))));
        p0.add(new ActiveProducer(900, AT.minusSeconds(1)));
        p0.add(new ActiveProducer(901, AT.minus(Duration.ofHours(3)), OptionalLong.of(5)));
        ExpiryCensus census = ExpiryCensus.of(AT, Duration.ofMinutes(10), Duration.ZERO,
                Map.of(P0, Fact.known(p0), P1, Fact.known(producers(1000, 1100, AT.minus(Duration.ofDays(1))))), REPLICAS);
        assertThat(census.expectedTotal()).isEqualTo(400);
        assertThat(census.expectedPerBroker()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 300L, 2, 400L, 3, 100L));
        assertThat(census.recent()).isEqualTo(1);
        assertThat(census.inTransaction()).isEqualTo(1);
    }

    @Test
    void afterTheWaitTellsIdleLeftWrittenAgainAndNewPerBroker() {
        // 100,000 expected entries on P0: beyond the sketches' exact range, as at the incident's scale.
        Instant old = AT.minus(Duration.ofHours(2));
        ExpiryCensus census = ExpiryCensus.of(AT, Duration.ofMinutes(10), Duration.ZERO,
                Map.of(P0, Fact.known(producers(0, 100_000, old)), P1, Fact.known(producers(200_000, 200_100, old))), REPLICAS);
        Instant later = AT.plus(Duration.ofMinutes(15));
        // After: 50 of P0's left idle (exact), 2,000 of P0's written again, 5,000 new producers on P1.
        List<ActiveProducer> p0 = new ArrayList<>(producers(0, 50, old));
        p0.addAll(producers(10_000, 12_000, later));
        ExpiryCensus.After after = census.compare(Map.of(P0, Fact.known(p0), P1, Fact.known(producers(300_000, 305_000, later))), REPLICAS);
        assertThat(after.writtenAgain()).as("estimated from the sketches").isBetween(1_800L, 2_200L);
        assertThat(after.expectedRemaining() - after.writtenAgain() - after.nowInTransaction()).as("idle left: exact").isEqualTo(50);
        assertThat(after.newPerBroker().get(3)).as("new on P1's brokers only").isBetween(4_700L, 5_300L);
        assertThat(after.newPerBroker().get(1)).as("broker 1 holds P0 only: its writes were old entries").isLessThan(300L);
        assertThat(after.newPerBroker().get(2)).isBetween(4_700L, 5_600L);
    }
}
