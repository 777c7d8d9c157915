package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.SeriesNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Open transactions in the census: counted per topic with the producer silent longest, and recorded as series for policies. */
class ProducerIdCensusTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void openTransactionsAreCountedWithTheOldestSilence() {
        Instant hourAgo = NOW.minus(Duration.ofHours(1));
        Map<TopicPartition, Fact<List<ActiveProducer>>> answers = Map.of(
                new TopicPartition("orders", 0), Fact.known(List.of(new ActiveProducer(1, NOW), new ActiveProducer(2, hourAgo, OptionalLong.of(40)))),
                new TopicPartition("orders", 1), Fact.known(List.of(new ActiveProducer(3, NOW.minusSeconds(5), OptionalLong.of(7)))));

        TopicProducers orders = ProducerIdCensus.topic("orders", 2, answers).optional().orElseThrow();

        assertEquals(3, orders.entries());
        assertEquals(2, orders.openTransactions());
        assertEquals(Optional.of(hourAgo), orders.oldestOpenTransactionWrite());
        assertEquals(Optional.of(Duration.ofHours(1)), orders.oldestOpenTransactionSilence(NOW));
    }

    @Test
    void aSnapshotsSampleCarriesEveryTopicsOpenTransactions() {
        TopicProducers producers = new TopicProducers(10, 10, Optional.empty(), Optional.empty(), 2, Optional.of(NOW.minusSeconds(1200)));
        TopicSnapshot topic = new TopicSnapshot("payments", false, List.of(), Fact.unknown("n/a"), Fact.known(producers));
        ClusterSnapshot snapshot = new ClusterSnapshot("c", NOW, Duration.ZERO, Fact.unknown("n/a"), List.of(), Fact.known(List.of(topic)),
                Fact.unknown("n/a"), Map.of());

        Sample sample = SampleOf.snapshot(snapshot, 10);

        assertThat(sample.values()).containsEntry(SeriesNames.topicOpenTransactions("payments"), 2.0)
                .containsEntry(SeriesNames.topicOldestOpenTransactionSeconds("payments"), 1200.0);
    }
}
