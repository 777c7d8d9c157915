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

    @Test
    void theStreamingTallyCountsDistinctIdsAcrossPartitionsAndIdleAgesWithoutKeepingRecords() {
        ProducerIdCensus census = new ProducerIdCensus(NOW);
        // One producer (id 7) writing both partitions; a producer per record on partition 1; one open transaction.
        census.accept(new TopicPartition("clicks", 0), Fact.known(List.of(new ActiveProducer(7, NOW.minusSeconds(5)),
                new ActiveProducer(8, NOW.minus(Duration.ofDays(3)), OptionalLong.of(12)))));
        census.accept(new TopicPartition("clicks", 1), Fact.known(List.of(new ActiveProducer(7, NOW.minusSeconds(20)),
                new ActiveProducer(100, NOW.minus(Duration.ofHours(2))), new ActiveProducer(101, NOW.minus(Duration.ofDays(10))))));

        TopicProducers clicks = census.topic("clicks", Map.of(0, census.partition(new TopicPartition("clicks", 0)),
                1, census.partition(new TopicPartition("clicks", 1)))).optional().orElseThrow();

        assertEquals(5, clicks.entries());
        assertEquals(4, clicks.distinctIds());
        assertEquals(1, clicks.openTransactions());
        assertEquals(4, clicks.idleAges().total(), "an entry in a transaction never expires: not counted as idle");
        assertEquals(2, clicks.idleAges().idleAtLeast(Duration.ofHours(1)));
        assertEquals(1, clicks.idleAges().idleAtLeast(Duration.ofDays(7)));
        assertEquals(0, clicks.idleAges().idleAtLeast(Duration.ofDays(30)));
        assertEquals(Optional.of(NOW.minus(Duration.ofDays(10))), clicks.oldestLastTimestamp());
        assertEquals(2, census.partition(new TopicPartition("clicks", 0)).optional().orElseThrow().entries());
    }

    @Test
    void aTopicIsUnknownWhenOnePartitionDidNotAnswerNamingHowManyAndWhy() {
        ProducerIdCensus census = new ProducerIdCensus(NOW);
        census.accept(new TopicPartition("t", 0), Fact.known(List.of(new ActiveProducer(1, NOW))));
        census.accept(new TopicPartition("t", 1), Fact.unknown("describeProducers: no answer within the census timeout of 60s"));

        Fact<TopicProducers> t = census.topic("t", Map.of(0, census.partition(new TopicPartition("t", 0)),
                1, census.partition(new TopicPartition("t", 1)), 2, Fact.unknown("partition t-2 is offline (no leader)")));

        assertThat(t.unknownReason()).hasValueSatisfying(r -> assertThat(r).startsWith("2 of 3 partitions unknown"));
        assertEquals(1, census.unknownPartitions());
    }

    @Test
    void idleAgesAreALowerBoundThatAddsUp() {
        IdleAges.Counter counter = new IdleAges.Counter();
        counter.add(Duration.ofMinutes(7));   // bucket [5m, 10m)
        counter.add(Duration.ofMinutes(12));  // bucket [10m, 15m)
        IdleAges ages = counter.result();

        assertEquals(1, ages.idleAtLeast(Duration.ofMinutes(10)));
        assertEquals(0, ages.idleAtLeast(Duration.ofMinutes(11)), "a bucket straddling the expiration is not promised");
        assertEquals(4, ages.plus(ages).total());
    }
}
