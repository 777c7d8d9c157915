package dev.kafkaremediator.observe;

/**
 * What one broker's JMX told us. Each attribute is its own fact: an MBean a broker does not
 * register (OfflinePartitionsCount outside the active controller, ProducerIdCount before KIP-847)
 * leaves only that fact unknown.
 */
public record BrokerJmxReading(Fact<HeapUsage> heap, Fact<GcTotals> gc, Fact<Long> producerIdCount,
                               Fact<Long> underReplicatedPartitions, Fact<Long> offlinePartitions,
                               Fact<String> brokerState, Fact<Boolean> activeController,
                               Fact<ProducerInitRequests> producerInitRequests, Fact<BrokerClients> clients) {

    /** A reading without the InitProducerId counter and the clients (read by callers that do not need them). */
    public BrokerJmxReading(Fact<HeapUsage> heap, Fact<GcTotals> gc, Fact<Long> producerIdCount, Fact<Long> underReplicatedPartitions,
                            Fact<Long> offlinePartitions, Fact<String> brokerState, Fact<Boolean> activeController) {
        this(heap, gc, producerIdCount, underReplicatedPartitions, offlinePartitions, brokerState, activeController,
                Fact.unknown("not read"), Fact.unknown("not read"));
    }

    public static BrokerJmxReading unknown(String reason) {
        return new BrokerJmxReading(Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason),
                Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason));
    }
}
