package dev.kafkaremediator.observe;

/**
 * What a broker has counted of InitProducerId requests: the {@code Count} of
 * {@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=InitProducerId,version=*}
 * summed over the request versions, and when the broker's JVM started ({@code java.lang:type=Runtime}
 * {@code StartTime}, epoch milliseconds). The count starts again from 0 when the broker restarts; the
 * start time is how a restart is told apart from a count that merely grew.
 *
 * @param count         requests since the broker started, over every version it has seen
 * @param startedAtMillis the broker JVM's start, epoch milliseconds
 */
public record ProducerInitRequests(long count, long startedAtMillis) { }
