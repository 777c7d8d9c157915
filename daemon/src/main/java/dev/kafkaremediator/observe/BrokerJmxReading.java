package dev.kafkaremediator.observe;

import java.util.Optional;

/**
 * What one broker's JMX told us. Each attribute is its own fact: an MBean a broker does not
 * register (OfflinePartitionsCount outside the active controller, ProducerIdCount before KIP-847)
 * leaves only that fact unknown. {@code producerStateSize} is what one producer-state entry costs
 * that broker (its last class histogram, or the default for its version).
 */
public record BrokerJmxReading(Fact<HeapUsage> heap, Fact<GcTotals> gc, Fact<Long> producerIdCount,
                               Fact<Long> underReplicatedPartitions, Fact<Long> offlinePartitions,
                               Fact<String> brokerState, Fact<Boolean> activeController,
                               Fact<String> kafkaVersion, ProducerStateSize producerStateSize,
                               Fact<ProducerInitRequests> producerInitRequests, Fact<BrokerClients> clients) {

    /** A reading without the broker's version: the per-entry size is the default for an unknown version. */
    public BrokerJmxReading(Fact<HeapUsage> heap, Fact<GcTotals> gc, Fact<Long> producerIdCount, Fact<Long> underReplicatedPartitions,
                            Fact<Long> offlinePartitions, Fact<String> brokerState, Fact<Boolean> activeController) {
        this(heap, gc, producerIdCount, underReplicatedPartitions, offlinePartitions, brokerState, activeController,
                Fact.unknown("not read"), ProducerStateSize.defaultFor(Optional.empty()));
    }

    /** A reading without the InitProducerId counter and the clients (read by callers that do not need them). */
    public BrokerJmxReading(Fact<HeapUsage> heap, Fact<GcTotals> gc, Fact<Long> producerIdCount, Fact<Long> underReplicatedPartitions,
                            Fact<Long> offlinePartitions, Fact<String> brokerState, Fact<Boolean> activeController,
                            Fact<String> kafkaVersion, ProducerStateSize producerStateSize) {
        this(heap, gc, producerIdCount, underReplicatedPartitions, offlinePartitions, brokerState, activeController,
                kafkaVersion, producerStateSize, Fact.unknown("not read"), Fact.unknown("not read"));
    }

    /** A reading without the broker's version, with the InitProducerId counter and the clients. */
    public BrokerJmxReading(Fact<HeapUsage> heap, Fact<GcTotals> gc, Fact<Long> producerIdCount, Fact<Long> underReplicatedPartitions,
                            Fact<Long> offlinePartitions, Fact<String> brokerState, Fact<Boolean> activeController,
                            Fact<ProducerInitRequests> producerInitRequests, Fact<BrokerClients> clients) {
        this(heap, gc, producerIdCount, underReplicatedPartitions, offlinePartitions, brokerState, activeController,
                Fact.unknown("not read"), ProducerStateSize.defaultFor(Optional.empty()), producerInitRequests, clients);
    }

    public static BrokerJmxReading unknown(String reason) {
        return new BrokerJmxReading(Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason),
                Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason), Fact.unknown(reason),
                ProducerStateSize.defaultFor(Optional.empty()), Fact.unknown(reason), Fact.unknown(reason));
    }

    /**
     * What a health check reads: the broker's state, and its JVM's start with the InitProducerId
     * counter (a roll cut mid-restart is judged by that start: was the broker restarted or not);
     * every other fact unknown.
     */
    public static BrokerJmxReading stateOnly(Fact<String> brokerState, Fact<ProducerInitRequests> producerInitRequests) {
        String notRead = "not read: a health check reads only the broker's state and its JVM's start";
        return new BrokerJmxReading(Fact.unknown(notRead), Fact.unknown(notRead), Fact.unknown(notRead), Fact.unknown(notRead),
                Fact.unknown(notRead), brokerState, Fact.unknown(notRead), Fact.unknown(notRead),
                ProducerStateSize.defaultFor(Optional.empty()), producerInitRequests, Fact.unknown(notRead));
    }

    /** Heap held by producer state: ProducerIdCount (entries) times the bytes of one entry. */
    public Fact<Long> producerStateBytes() {
        return producerIdCount.map(n -> n * producerStateSize.bytesPerEntry());
    }

    /** {@link #producerStateBytes()} over the broker's max heap; unknown when either is, or max is undefined. */
    public Fact<Double> producerStateHeapRatio() {
        return producerStateBytes().flatMap(bytes -> heap.flatMap(h -> h.max() > 0 ? Fact.known((double) bytes / h.max())
                : Fact.unknown("the broker's max heap is undefined")));
    }
}
