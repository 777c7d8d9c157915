package dev.kafkaremediator.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Splits one census into describeProducers requests sized by the entries they are expected to
 * return, not by a number of partitions: at the incident's scale one partition answers thousands of
 * entries, and Kafka's Admin holds a request's whole answer until it is read. Pure: no I/O.
 *
 * <p>A partition's expected entries come from its last count ({@link CensusEstimates}) with room to
 * have grown; for a partition never counted, from its leader's ProducerIdCount over the replicas the
 * leader holds (twice the average: partitions are rarely even), or else from the largest answer of
 * this census so far. A census that knows nothing starts with one partition a request and doubles
 * the partitions it can only guess at in each request after, up to {@code maxPartitions}. Requests go
 * in the partitions' order, so a topic's partitions are read together and its tally can be closed.
 *
 * <p>A partition expected to hold more than the process's whole census budget is refused, not asked,
 * with the reason and the heap that would read it: never an OutOfMemoryError. What stays possible is
 * a partition never counted, on a broker whose ProducerIdCount is not known, holding more than the
 * heap can read at all; it is asked alone, and from then on its count is known.
 */
final class CensusRequests {
    private final List<TopicPartition> partitions;
    private final CensusEstimates estimates;
    private final int maxPartitions;
    private final CensusPermits permits;
    private int next;
    private long largestAnswer = -1;
    private int unseenPerRequest = 1;

    /** One request: the partitions asked together and the entries they are expected to return; and those refused before it. */
    record Request(List<TopicPartition> partitions, long expectedEntries, List<Refusal> refused) { }

    record Refusal(TopicPartition partition, String reason) { }

    CensusRequests(List<TopicPartition> partitions, CensusEstimates estimates, int maxPartitions, CensusPermits permits) {
        this.partitions = partitions;
        this.estimates = estimates;
        this.maxPartitions = Math.max(1, maxPartitions);
        this.permits = permits;
    }

    boolean hasNext() {
        return next < partitions.size();
    }

    /** The partitions not yet asked nor refused, in order (what a deadline cuts off). */
    List<TopicPartition> rest() {
        List<TopicPartition> rest = List.copyOf(partitions.subList(next, partitions.size()));
        next = partitions.size();
        return rest;
    }

    /** The next request (possibly empty, when every partition left was refused). */
    Request next() {
        List<TopicPartition> ask = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        long sum = 0;
        int unseen = 0;
        int budget = permits.requestEntries();
        while (next < partitions.size() && ask.size() < maxPartitions) {
            TopicPartition tp = partitions.get(next);
            OptionalInt last = estimates.last(tp);
            Expected expected = expected(tp, last);
            if (expected.refusal != null) {
                refused.add(new Refusal(tp, expected.refusal));
                next++;
                continue;
            }
            long entries = expected.entries < 0 ? budget : expected.entries;
            // A guess: never counted, and its leader's count is not known either.
            boolean isUnseen = last.isEmpty() && estimates.averageOnLeader(tp).isEmpty();
            if (!ask.isEmpty() && (sum + entries > budget || isUnseen && unseen >= unseenPerRequest)) {
                break;
            }
            ask.add(tp);
            sum += entries;
            unseen += isUnseen ? 1 : 0;
            next++;
        }
        if (unseen > 0) {
            unseenPerRequest = (int) Math.min(maxPartitions, unseenPerRequest * 2L);
        }
        return new Request(List.copyOf(ask), Math.min(sum, permits.entries()), List.copyOf(refused));
    }

    /** What a partition's answer held: the next estimates, here and in later censuses. */
    void answered(TopicPartition tp, int entries) {
        largestAnswer = Math.max(largestAnswer, entries);
        estimates.record(tp, entries);
    }

    private record Expected(long entries, String refusal) { }

    private Expected expected(TopicPartition tp, OptionalInt last) {
        if (last.isPresent()) {
            long grown = grown(last.getAsInt());
            return permits.fits(grown) ? new Expected(grown, null)
                    : new Expected(grown, String.format(Locale.ROOT, "partition %s held %,d producer-state entries at the last census; %s", tp,
                    last.getAsInt(), permits.tooLarge(grown)));
        }
        OptionalLong average = estimates.averageOnLeader(tp);
        if (average.isPresent() && !permits.fits(average.getAsLong())) {
            return new Expected(average.getAsLong(), String.format(Locale.ROOT, "partition %s was never counted, and its leader (broker %d) holds"
                            + " %,d producer-state entries over %,d partition replicas (%,d on average); %s", tp, estimates.leader(tp).getAsInt(),
                    estimates.leaderProducerIdCount(tp).getAsLong(), estimates.replicasOnLeader(tp), average.getAsLong(),
                    permits.tooLarge(average.getAsLong())));
        }
        long fromThisCensus = largestAnswer < 0 ? -1 : grown(largestAnswer);
        if (average.isEmpty()) {
            return new Expected(fromThisCensus, null);
        }
        long estimate = Math.max(2 * average.getAsLong(), fromThisCensus);
        OptionalLong bound = estimates.leaderProducerIdCount(tp);
        return new Expected(bound.isPresent() ? Math.min(estimate, bound.getAsLong()) : estimate, null);
    }

    /** A count with room to have grown since it was taken. */
    private static long grown(long entries) {
        return entries + entries / 4 + 16;
    }
}
