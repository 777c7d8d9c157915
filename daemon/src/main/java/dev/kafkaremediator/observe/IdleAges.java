package dev.kafkaremediator.observe;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long a topic's producer-state entries had been idle (since their producer's last write) at
 * the census, counted in fixed buckets. Enough to tell what a lowered producer.id.expiration.ms
 * would free without keeping each producer's record: at the incident's scale that record costs
 * more heap than the rest of a snapshot together. Entries in an ongoing transaction are not
 * counted here: no expiration frees them.
 */
public record IdleAges(List<Long> counts) {
    /** Lower bounds of the buckets; the last bucket is open-ended. */
    public static final List<Duration> BOUNDS = List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30),
            Duration.ofDays(90), Duration.ofDays(365));

    public IdleAges {
        if (counts.size() != BOUNDS.size()) {
            throw new IllegalArgumentException("expected " + BOUNDS.size() + " buckets, got " + counts.size());
        }
        counts = List.copyOf(counts);
    }

    public static IdleAges none() {
        return new IdleAges(java.util.Collections.nCopies(BOUNDS.size(), 0L));
    }

    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Entries idle for at least {@code idle}: those in buckets whose lower bound is at least that.
     * A lower bound of the true count (a bucket straddling {@code idle} is left out), so a cure
     * promises no more than it can free.
     */
    public long idleAtLeast(Duration idle) {
        long n = 0;
        for (int i = 0; i < BOUNDS.size(); i++) {
            if (BOUNDS.get(i).compareTo(idle) >= 0) {
                n += counts.get(i);
            }
        }
        return n;
    }

    /** Adds two histograms (partitions of one topic, topics of one cluster). */
    public IdleAges plus(IdleAges other) {
        Long[] sum = new Long[BOUNDS.size()];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = counts.get(i) + other.counts.get(i);
        }
        return new IdleAges(Arrays.asList(sum));
    }

    /** Counts ages into buckets; not thread-safe, one per tally. */
    static final class Counter {
        private final long[] counts = new long[BOUNDS.size()];

        void add(Duration idle) {
            int i = BOUNDS.size() - 1;
            while (i > 0 && idle.compareTo(BOUNDS.get(i)) < 0) {
                i--;
            }
            counts[i]++;
        }

        IdleAges result() {
            return new IdleAges(Arrays.stream(counts).boxed().toList());
        }
    }
}
