package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuorumFetchTimeoutTest {
    private static Map<String, BrokerConfigEntry> value(String ms) {
        return Map.of(QuorumFetchTimeout.CONFIG, new BrokerConfigEntry(QuorumFetchTimeout.CONFIG, Optional.of(ms), "STATIC_BROKER_CONFIG"));
    }

    @Test
    void theSmallestValueAnyBrokerReportsIsKept() {
        assertThat(QuorumFetchTimeout.strictest(Map.of(1, value("5000"), 2, value("3000"), 3, Map.of()))).isEqualTo(Duration.ofMillis(3_000));
    }

    @Test
    void kafkasDefaultWhenNoBrokerReportsAUsableValue() {
        assertThat(QuorumFetchTimeout.strictest(Map.of(1, Map.of(), 2, value("garbage"), 3, value("0")))).isEqualTo(Duration.ofMillis(2_000));
        assertThat(QuorumFetchTimeout.strictest(Map.of())).isEqualTo(ControllerQuorum.DEFAULT_FETCH_TIMEOUT);
    }
}
