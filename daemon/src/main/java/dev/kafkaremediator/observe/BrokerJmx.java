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

    /**
     * Reads only the broker's state (BrokerState) and its JVM's start (with the InitProducerId counter):
     * what a roll's checks need between restarts, polled every few seconds, and what tells whether a
     * broker cut mid-restart was restarted. The other facts of the reading are unknown. An
     * implementation with no cheaper way to read these may read everything.
     *
     * @throws SourceFailure when the broker's JMX cannot be reached or does not answer within the timeout
     */
    default BrokerJmxReading readState(String endpoint, Duration timeout) throws SourceFailure {
        return read(endpoint, timeout);
    }

    /**
     * What a class histogram of the broker at {@code endpoint} measured one producer-state entry to
     * cost: later readings of that broker use it instead of the version's default. Kept in memory only
     * (a restarted daemon goes back to the default until the next histogram); a reader that keeps
     * nothing ignores it.
     */
    default void rememberProducerStateSize(String endpoint, ProducerStateSize measured) {
    }
}
