package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.observe.BrokerJmx;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.SourceFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Broker JMX readings as plain values per endpoint; an endpoint missing here does not answer.
 * {@code reads} counts full reads, {@code stateReads} the state-only ones.
 */
public final class InMemoryBrokerJmx implements BrokerJmx {
    public final Map<String, BrokerJmxReading> readings = new HashMap<>();
    public int reads;
    public int stateReads;

    @Override
    public synchronized BrokerJmxReading read(String endpoint, Duration timeout) throws SourceFailure {
        reads++;
        BrokerJmxReading r = readings.get(endpoint);
        if (r == null) {
            throw new SourceFailure("JMX " + endpoint + ": no answer within " + timeout.toSeconds() + "s");
        }
        return r;
    }

    @Override
    public synchronized BrokerJmxReading readState(String endpoint, Duration timeout) throws SourceFailure {
        stateReads++;
        BrokerJmxReading r = readings.get(endpoint);
        if (r == null) {
            throw new SourceFailure("JMX " + endpoint + ": no answer within " + timeout.toSeconds() + "s");
        }
        return BrokerJmxReading.stateOnly(r.brokerState(), r.producerInitRequests());
    }
}
