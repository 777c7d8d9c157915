package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.SeriesNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProducerInitRatesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final long STARTED = T0.minus(Duration.ofDays(3)).toEpochMilli();

    private static Fact<ProducerInitRequests> count(long n, long startedAt) {
        return Fact.known(new ProducerInitRequests(n, startedAt));
    }

    @Test
    void theFirstReadingHasNoRateAndTheSecondIsTheIncreaseOverTheInterval() {
        ProducerInitRates rates = new ProducerInitRates();
        assertThat(rates.next(1, T0, count(1_000, STARTED)).unknownReason()).hasValueSatisfying(r -> assertThat(r).contains("a rate needs two"));
        assertThat(rates.next(1, T0.plusSeconds(10), count(1_370, STARTED)).optional()).hasValueSatisfying(r -> assertThat(r).isCloseTo(37.0, within(1e-9)));
        assertThat(rates.next(1, T0.plusSeconds(20), count(1_370, STARTED)).optional()).contains(0.0);
    }

    @Test
    void aRestartIsAResetNotANegativeRate() {
        ProducerInitRates rates = new ProducerInitRates();
        rates.next(1, T0, count(50_000, STARTED));
        long restarted = T0.plusSeconds(4).toEpochMilli();
        // The count dropped: everything counted since the restart happened within the interval.
        assertThat(rates.next(1, T0.plusSeconds(10), count(60, restarted)).optional()).contains(6.0);
    }

    @Test
    void aRestartIsSeenByItsStartTimeEvenWhenTheNewCountIsHigher() {
        ProducerInitRates rates = new ProducerInitRates();
        rates.next(1, T0, count(100, STARTED));
        long restarted = T0.plusSeconds(2).toEpochMilli();
        // 150 since the restart, not 150 - 100.
        assertThat(rates.next(1, T0.plusSeconds(10), count(150, restarted)).optional()).contains(15.0);
    }

    @Test
    void aBrokerThatDidNotAnswerIsUnknownAndTheNextAnswerUsesTheLongerInterval() {
        ProducerInitRates rates = new ProducerInitRates();
        rates.next(2, T0, count(0, STARTED));
        assertThat(rates.next(2, T0.plusSeconds(10), Fact.unknown("JMX h2:9999: connection refused")).unknownReason())
                .contains("JMX h2:9999: connection refused");
        assertThat(rates.next(2, T0.plusSeconds(20), count(400, STARTED)).optional()).contains(20.0);
    }

    @Test
    void readingsTooCloseTogetherGiveNoRate() {
        ProducerInitRates rates = new ProducerInitRates();
        rates.next(1, T0, count(0, STARTED));
        assertThat(rates.next(1, T0.plusMillis(200), count(10, STARTED)).isKnown()).isFalse();
        assertThat(rates.next(1, T0.plusSeconds(2), count(10, STARTED)).optional()).contains(5.0);
    }

    @Test
    void aHistorySampleSeedsTheBrokersItHoldsCountersFor() {
        ProducerInitRates rates = new ProducerInitRates();
        rates.seed(new Sample(T0, Map.of(SeriesNames.brokerProducerInitRequests(12), 100.0, SeriesNames.brokerStartedAtMillis(12), (double) STARTED,
                SeriesNames.brokerProducerIds(12), 5.0, "topic.broker.x.producer-init-requests", 1.0)));
        assertThat(rates.next(12, T0.plusSeconds(60), count(700, STARTED)).optional()).contains(10.0);
        assertThat(rates.next(13, T0.plusSeconds(60), count(700, STARTED)).isKnown()).isFalse();
    }

    @Test
    void aNewerReadingFromTheHistoryReplacesAnOlderOneOfOurOwnAndAnOlderOneDoesNot() {
        // This instance ran the cluster an hour ago; another ran it since and recorded a later reading.
        ProducerInitRates rates = new ProducerInitRates();
        rates.next(1, T0, count(1_000, STARTED));
        rates.seed(1, T0.plusSeconds(3_600), new ProducerInitRequests(50_000, STARTED));
        assertThat(rates.next(1, T0.plusSeconds(3_610), count(50_200, STARTED)).optional()).contains(20.0);
        rates.seed(1, T0, new ProducerInitRequests(0, STARTED));
        assertThat(rates.next(1, T0.plusSeconds(3_620), count(50_300, STARTED)).optional()).as("our own later reading stays").contains(10.0);
    }

    @Test
    void theClusterRateIsTheSumAndUnknownWhenAnyBrokerIsUnknown() {
        BrokerJmxReading reading = BrokerJmxReading.unknown("n/a");
        BrokerSnapshot b1 = new BrokerSnapshot(1, Optional.of("h1"), true, Optional.of("h1:1"), reading, Fact.known(12.5));
        BrokerSnapshot b2 = new BrokerSnapshot(2, Optional.of("h2"), true, Optional.of("h2:1"), reading, Fact.known(30.0));
        BrokerSnapshot down = new BrokerSnapshot(3, Optional.of("h3"), false, Optional.of("h3:1"), reading, Fact.unknown("JMX h3:1: refused"));
        assertThat(snapshot(List.of(b1, b2)).producerInitsPerSecond().optional()).contains(42.5);
        assertThat(snapshot(List.of(b1, b2, down)).producerInitsPerSecond().unknownReason())
                .hasValueSatisfying(r -> assertThat(r).contains("broker 3").contains("refused"));
        assertThat(snapshot(List.of()).producerInitsPerSecond().isKnown()).isFalse();
    }

    private static ClusterSnapshot snapshot(List<BrokerSnapshot> brokers) {
        return new ClusterSnapshot("c", T0, Duration.ZERO, Fact.known(new ClusterMembership(Map.of(1, "h1"), OptionalInt.empty())), brokers,
                Fact.known(List.of()), Fact.unknown("not asked"), Map.of());
    }
}
