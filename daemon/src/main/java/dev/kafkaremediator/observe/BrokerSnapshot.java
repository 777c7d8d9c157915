package dev.kafkaremediator.observe;

import java.util.Optional;

/**
 * One broker as seen in one snapshot: whether the cluster lists it as registered, where its JMX
 * is, and what JMX said. A broker known only from replica assignments (stopped, fenced) appears
 * with {@code registered = false} and unknown JMX facts. {@code producerInitsPerSecond}: InitProducerId
 * requests per second since the previous observation ({@link ProducerInitRates}), i.e. producers created.
 */
public record BrokerSnapshot(int id, Optional<String> host, boolean registered, Optional<String> jmxEndpoint,
                             BrokerJmxReading jmx, Fact<Double> producerInitsPerSecond) {

    /** A broker seen once, without a previous reading to compute its producer creation rate from. */
    public BrokerSnapshot(int id, Optional<String> host, boolean registered, Optional<String> jmxEndpoint, BrokerJmxReading jmx) {
        this(id, host, registered, jmxEndpoint, jmx, Fact.unknown("no previous reading of the InitProducerId counter"));
    }

    public Fact<HeapUsage> heap() {
        return jmx.heap();
    }

    public Fact<Long> producerIdCount() {
        return jmx.producerIdCount();
    }
}
