package dev.kafkaremediator.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.observe.BrokerClients;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.Fact;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChurnContextTest {

    private static BrokerSnapshot broker(int id, double rate, BrokerClients clients) {
        BrokerJmxReading unknown = BrokerJmxReading.unknown("n/a");
        BrokerJmxReading reading = new BrokerJmxReading(unknown.heap(), unknown.gc(), unknown.producerIdCount(), unknown.underReplicatedPartitions(),
                unknown.offlinePartitions(), unknown.brokerState(), unknown.activeController(), Fact.unknown("n/a"), Fact.known(clients));
        return new BrokerSnapshot(id, Optional.of("h" + id), true, Optional.of("h" + id + ":1"), reading, Fact.known(rate));
    }

    private static ClusterSnapshot snapshot(BrokerSnapshot... brokers) {
        return new ClusterSnapshot("c", Instant.parse("2026-11-25T12:00:00Z"), Duration.ZERO,
                Fact.known(new ClusterMembership(Map.of(1, "h1"), OptionalInt.empty())), List.of(brokers), Fact.known(List.of()),
                Fact.unknown("not asked"), Map.of());
    }

    @Test
    void theNotificationSaysProducersADayAndTheirHeapAndNamesTheJavaClient() {
        BrokerClients java = new BrokerClients(List.of(new BrokerClients.SoftwareConnections("apache-kafka-java", "4.4.0", 7),
                new BrokerClients.SoftwareConnections("unknown", "unknown", 2)), OptionalLong.of(900), List.of());
        ClusterSnapshot snapshot = snapshot(broker(1, 20, java), broker(2, 17, java));

        List<Evidence> context = ChurnContext.of(snapshot, List.of());

        assertThat(context.get(0).summary()).startsWith("3,196,800 producers a day at 37.0/s").contains("256 B each").contains("KIP-360");
        assertThat(context.get(0).figures()).containsEntry("producersPerDay", 3_196_800.0);
        assertThat(context.get(1).summary()).contains("apache-kafka-java 4.4.0 14").contains("the brokers cannot tell which software the unknown clients run")
                .contains("not kept by the brokers");
        assertThat(context.get(1).figures()).containsEntry("clientSoftware", "apache-kafka-java");
    }

    @Test
    void withoutClientMetricsItSaysSoRatherThanNamingNobody() {
        BrokerJmxReading unknown = BrokerJmxReading.unknown("JMX h1:1: refused");
        ClusterSnapshot snapshot = snapshot(new BrokerSnapshot(1, Optional.of("h1"), true, Optional.of("h1:1"), unknown, Fact.unknown("JMX h1:1: refused")));
        List<Evidence> context = ChurnContext.of(snapshot, List.of());
        assertThat(context.get(0).summary()).startsWith("producer creation now: unknown");
        assertThat(context.get(1).summary()).isEqualTo("clients: unknown (no broker's client metrics could be read)");
    }
}
