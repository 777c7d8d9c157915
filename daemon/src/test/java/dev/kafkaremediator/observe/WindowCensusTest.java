package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WindowCensusTest {
    private static final Instant START = Instant.parse("2026-12-08T00:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final Map<TopicPartition, List<Integer>> REPLICAS = Map.of(P0, List.of(1, 2));

    @Test
    void whatTheWindowAddedPerBrokerAndHowMuchOfItIsChurn() {
        WindowCensus.Start start = new WindowCensus.Start();
        List<ActiveProducer> before = new ArrayList<>();
        for (long id = 0; id < 50; id++) {
            before.add(new ActiveProducer(id, START.minusSeconds(600), OptionalLong.empty(), 0));
        }
        start.accept(P0, Fact.known(before));
        List<ActiveProducer> after = new ArrayList<>(before);
        for (long id = 100; id < 130; id++) {
            after.add(new ActiveProducer(id, START.plusSeconds(5), OptionalLong.empty(), 0));
        }
        after.add(new ActiveProducer(7, START.plusSeconds(5), OptionalLong.empty(), 4_000)); // an old one written again: not added
        after.add(new ActiveProducer(500, START.plusSeconds(5), OptionalLong.empty(), 9_999)); // the application's own producer
        WindowCensus.End end = start.end(START, REPLICAS);
        end.accept(P0, Fact.known(after));
        WindowCensus.Added added = end.added();
        assertThat(added.producerIds()).isEqualTo(31);
        assertThat(added.entriesPerBroker()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 31L, 2, 31L));
        assertThat(added.shortLivedEntriesPerBroker()).as("the long-lived producer is a one-time cost").containsExactlyInAnyOrderEntriesOf(Map.of(1, 30L, 2, 30L));
        assertThat(added.unknownPartitions()).isZero();
    }
}
