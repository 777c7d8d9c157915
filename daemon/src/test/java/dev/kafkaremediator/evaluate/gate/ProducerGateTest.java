package dev.kafkaremediator.evaluate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProducerGateTest {
    private static final long HEAP = 384L << 20;

    private static GateMeasurement.Broker broker(int id, long newEntries, Optional<Duration> expiration) {
        return broker(id, newEntries, newEntries, expiration);
    }

    private static GateMeasurement.Broker broker(int id, long newEntries, long shortLived, Optional<Duration> expiration) {
        return new GateMeasurement.Broker(id, newEntries, shortLived, OptionalLong.of(100), OptionalLong.of(100 + newEntries), OptionalLong.of(newEntries),
                OptionalLong.of(HEAP), expiration);
    }

    private static GateMeasurement window(long records, long newIds, long entriesPerBroker, Optional<Duration> expiration, long retentionMs) {
        return new GateMeasurement(Duration.ofSeconds(20), Map.of("orders", OptionalLong.of(retentionMs)), OptionalLong.of(records), newIds,
                List.of(broker(1, entriesPerBroker, expiration), broker(2, entriesPerBroker, expiration)), "apache-kafka-java 4.4.0 (3 connections)",
                List.of());
    }

    @Test
    void aProducerPerRecordFailsWithItsFiguresAndTheFix() {
        GateResult r = ProducerGate.judge(window(200, 200, 200, Optional.of(Duration.ofDays(1)), -1), GateLimits.DEFAULTS);
        assertThat(r.verdict()).isEqualTo(GateResult.Verdict.FAIL);
        assertThat(r.figures().newProducersPer1000Records()).isEqualTo(1000.0);
        assertThat(r.reasons().get(0)).contains("1000.0 new producers per 1,000 records (200 new producer ids for 200 records), more than the limit of 1");
        // 10 entries/s kept for a day by the brokers' expiry: 864,000 entries, 211 MiB of a 384 MiB heap (55%).
        GateResult.BrokerFigures b = r.figures().brokers().get(0);
        assertThat(b.entriesAfter7Days()).isEqualTo(864_000);
        assertThat(b.entriesAfterHorizon()).as("an expiry of a day: a plateau, not 30 days' worth").isEqualTo(864_000);
        assertThat(b.heapShareAfterHorizon()).isBetween(0.549, 0.550);
        assertThat(r.reasons().get(1)).contains("broker 1 would hold 864,000 more producer-state entries within 30 days", "kept for producer.id.expiration.ms 1d");
        assertThat(r.fix()).contains("create one producer per application");
    }

    @Test
    void withoutAnExpiryTheTopicsRetentionKeepsTheEntries() {
        GateResult r = ProducerGate.judge(window(200_000, 20, 20, Optional.empty(), -1), GateLimits.DEFAULTS);
        GateResult.BrokerFigures b = r.figures().brokers().get(0);
        assertThat(b.entriesAfterHorizon()).as("1 entry/s for 30 days").isEqualTo(2_592_000);
        assertThat(b.keptFor()).contains("for ever");
        assertThat(r.verdict()).as("few producers per record, but the heap fills: 0.1 per 1,000 records and 171% of the heap")
                .isEqualTo(GateResult.Verdict.FAIL);
    }

    @Test
    void oneLongLivedProducerPassesHoweverShortTheWindow() {
        // 10,000 records through one producer over 6 partitions in 2 s: its 6 entries carried ~1,666 records each.
        GateMeasurement fast = new GateMeasurement(Duration.ofSeconds(2), Map.of("orders", OptionalLong.of(-1)), OptionalLong.of(10_000), 1,
                List.of(broker(1, 6, 0, Optional.of(Duration.ofDays(1))), broker(2, 6, 0, Optional.of(Duration.ofDays(1)))), "apache-kafka-java", List.of());
        GateResult r = ProducerGate.judge(fast, GateLimits.DEFAULTS);
        assertThat(r.verdict()).isEqualTo(GateResult.Verdict.PASS);
        assertThat(r.figures().brokers().get(0).entriesAfterHorizon()).as("a one-time cost, not a rate").isZero();
        assertThat(r.figures().newProducersPer1000Records()).isEqualTo(0.1);
        assertThat(r.figures().brokers().get(0).newEntries()).isEqualTo(6);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("0.10 new producers per 1,000 records (limit 1)"));
    }

    @Test
    void aWindowWithNoRecordsOrAnIncompleteCensusCannotBeJudgedNeverPasses() {
        assertThat(ProducerGate.judge(window(0, 0, 0, Optional.empty(), -1), GateLimits.DEFAULTS).verdict()).isEqualTo(GateResult.Verdict.CANNOT_JUDGE);
        GateMeasurement incomplete = new GateMeasurement(Duration.ofSeconds(5), Map.of(), OptionalLong.of(1_000), 0, List.of(), "none",
                List.of("the census of the topics is incomplete: 2 partition answers unknown"));
        GateResult r = ProducerGate.judge(incomplete, GateLimits.DEFAULTS);
        assertThat(r.verdict()).isEqualTo(GateResult.Verdict.CANNOT_JUDGE);
        assertThat(r.reasons()).containsExactly("the census of the topics is incomplete: 2 partition answers unknown");
        GateMeasurement noOffsets = new GateMeasurement(Duration.ofSeconds(5), Map.of(), OptionalLong.empty(), 0, List.of(), "none", List.of());
        assertThat(ProducerGate.judge(noOffsets, GateLimits.DEFAULTS).verdict()).isEqualTo(GateResult.Verdict.CANNOT_JUDGE);
    }

    @Test
    void theLimitsCanBeSet() {
        GateMeasurement m = window(1_000, 3, 3, Optional.of(Duration.ofDays(1)), -1);
        assertThat(ProducerGate.judge(m, GateLimits.DEFAULTS).verdict()).isEqualTo(GateResult.Verdict.FAIL);
        assertThat(ProducerGate.judge(m, new GateLimits(5, 0.10, Duration.ofDays(30), 256)).verdict()).isEqualTo(GateResult.Verdict.PASS);
    }
}
