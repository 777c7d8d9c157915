package dev.kafkaremediator.evaluate.gate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the gate measured over one window on the topics under test, as plain facts: the judge
 * ({@link ProducerGate}) does no I/O. An unknown figure is absent, never 0.
 *
 * @param window            how long the window lasted
 * @param topics            the topics under test, with their retention.ms (empty when unknown, -1 for ever)
 * @param recordsAppended   records appended to them over the window (end offsets after minus before)
 * @param newProducerIds    distinct producer ids that wrote to them in the window and were not there before
 * @param brokers           per broker, what the window added and what the broker holds
 * @param clients           the client software the brokers saw connected, in one sentence
 * @param cannotJudge       why the measurement cannot be judged (unreachable, census incomplete, the application failed), if so
 */
public record GateMeasurement(Duration window, Map<String, OptionalLong> topics, OptionalLong recordsAppended, long newProducerIds,
                              List<Broker> brokers, String clients, List<String> cannotJudge) {

    public GateMeasurement {
        topics = Map.copyOf(topics);
        brokers = List.copyOf(brokers);
        cannotJudge = List.copyOf(cannotJudge);
    }

    /**
     * One broker.
     *
     * @param newEntries          producer-state entries the window added on its replicas of the topics
     * @param shortLivedEntries   of those, the entries of producers that carried few records (the churn that is a rate)
     * @param producerIdsBefore   its ProducerIdCount (all topics) at the window's start, if read
     * @param producerIdsAfter    the same at the end
     * @param initProducerIds     InitProducerId requests it answered in the window (producers created, all topics), if read
     * @param maxHeapBytes        its heap's maximum, if read
     * @param expiration          its producer.id.expiration.ms (KIP-854, Kafka 3.4+), if it has one
     */
    public record Broker(int id, long newEntries, long shortLivedEntries, OptionalLong producerIdsBefore, OptionalLong producerIdsAfter, OptionalLong initProducerIds,
                         OptionalLong maxHeapBytes, java.util.Optional<Duration> expiration) { }
}
