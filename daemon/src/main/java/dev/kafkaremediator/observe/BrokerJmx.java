package dev.kafkaremediator.observe;

import java.time.Duration;

/**
 * Reads a broker's JMX. Implemented once over remote JMX ({@link RemoteBrokerJmx}); unit tests
 * use in-memory readings.
 */
public interface BrokerJmx {

    /**
     * Reads heap, GC, ProducerIdCount and health gauges of the broker at {@code endpoint} (host:port).
     *
     * @throws SourceFailure when the broker's JMX cannot be reached or does not answer within the timeout
     */
    BrokerJmxReading read(String endpoint, Duration timeout) throws SourceFailure;
}
