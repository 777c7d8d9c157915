package dev.kafkaremediator.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who is connected to one broker, as far as the broker tells over JMX.
 *
 * <ul>
 *   <li>{@code software}: {@code kafka.server:type=socket-server-metrics,clientSoftwareName=*,clientSoftwareVersion=*,listener=*,networkProcessor=*}
 *       attribute {@code connections}, summed over listeners and network processors. The name and version are what the
 *       client sent in ApiVersions (KIP-511): the Java client says {@code apache-kafka-java}, a client that does not send
 *       them (KafkaJS) is {@code unknown}. A gauge of open connections: a producer that lives for one record is counted
 *       only if it is connected at the moment of the reading.</li>
 *   <li>{@code connectionsCreated}: {@code connection-creation-total} of the same group per listener and network
 *       processor, summed: connection churn of the broker as a whole. Kafka keeps no creation count per client
 *       software, so churn cannot be attributed to a client library.</li>
 *   <li>{@code produceByClient}: {@code kafka.server:type=Produce,user=*,client-id=*} attribute {@code byte-rate}, which
 *       brokers register only for clients under a configured quota (any produce quota turns them on).</li>
 * </ul>
 * Principals (SASL users) appear only in those quota metrics: brokers expose no principal per connection over JMX.
 */
public record BrokerClients(List<SoftwareConnections> software, OptionalLong connectionsCreated, List<ProduceRate> produceByClient) {

    /** Connections open from one client software and version. */
    public record SoftwareConnections(String name, String version, long connections) {
        /** The brokers cannot tell: the client sent no name (KIP-511 predates it, or it chose not to). */
        public boolean unknown() {
            return "unknown".equalsIgnoreCase(name);
        }

        public String label() {
            return unknown() ? "unknown client software (the client does not say; KafkaJS is one)" : name + " " + version;
        }
    }

    /** Produce bytes per second of one quota entity; an absent user or client id is empty. */
    public record ProduceRate(Optional<String> user, Optional<String> clientId, double bytesPerSecond) {
        public String label() {
            return user.map(u -> "user " + u).orElse("") + (user.isPresent() && clientId.isPresent() ? ", " : "")
                    + clientId.map(c -> "client-id " + c).orElse("");
        }
    }

    public BrokerClients {
        software = software.stream().sorted(Comparator.comparingLong(SoftwareConnections::connections).reversed()
                .thenComparing(SoftwareConnections::name).thenComparing(SoftwareConnections::version)).toList();
        produceByClient = produceByClient.stream().sorted(Comparator.comparingDouble(ProduceRate::bytesPerSecond).reversed()).toList();
    }
}
