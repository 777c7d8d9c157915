package dev.kafkaremediator.observe;

import java.util.Optional;

/**
 * One broker as seen in one snapshot: whether the cluster lists it as registered, where its JMX
 * is, and what JMX said. A broker known only from replica assignments (stopped, fenced) appears
 * with {@code registered = false} and unknown JMX facts.
 */
public record BrokerSnapshot(int id, Optional<String> host, boolean registered, Optional<String> jmxEndpoint,
                             BrokerJmxReading jmx) {

    public Fact<HeapUsage> heap() {
        return jmx.heap();
    }

    public Fact<Long> producerIdCount() {
        return jmx.producerIdCount();
    }
}
