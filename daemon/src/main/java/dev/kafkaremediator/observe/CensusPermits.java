package dev.kafkaremediator.observe;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many census batches may be in flight at once in this process, across all its clusters. Kafka's
 * Admin holds a batch's whole answer until it is read: about 20 MB per 100 partitions of 2,000
 * producers each (measured at the incident's scale). The daemon watches many clusters on a pool of
 * threads, and several large censuses at once would need several such batches on a heap sized for
 * one (the launcher's default is 48 MB). So the heap sets the number, not the number of clusters: one
 * batch per {@link #BATCH_ALLOWANCE} of heap above a {@link #BASELINE} (at least one). A census that
 * cannot get a permit within its own timeout reports its remaining partitions unknown, as it does when
 * the brokers are slow.
 */
public final class CensusPermits {
    /** What the daemon itself lives on (its live set after a full GC is about 11 MB), kept out of the census's share. */
    static final long BASELINE = 24L << 20;
    /** One batch of 100 partitions at the incident's scale, with room for the tally it feeds. */
    static final long BATCH_ALLOWANCE = 24L << 20;

    private final Semaphore permits;
    private final int count;

    private CensusPermits(int count) {
        this.count = count;
        this.permits = new Semaphore(count, true);
    }

    /** As many as {@code maxHeapBytes} allows (see the class comment), at least one. */
    public static CensusPermits forHeap(long maxHeapBytes) {
        long spare = Math.max(0, maxHeapBytes - BASELINE);
        return new CensusPermits((int) Math.max(1, Math.min(1_024, spare / BATCH_ALLOWANCE)));
    }

    /** For this JVM's maximum heap. */
    public static CensusPermits forThisJvm() {
        return forHeap(Runtime.getRuntime().maxMemory());
    }

    public static CensusPermits of(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one census batch must be allowed: " + count);
        }
        return new CensusPermits(count);
    }

    public int count() {
        return count;
    }

    /** A batch's turn, once taken; close it when the batch's answer has been read. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits up to {@code wait} for a batch's turn.
     *
     * @return the turn, or null when none came within {@code wait}
     * @throws InterruptedException when interrupted while waiting
     */
    public Turn take(Duration wait) throws InterruptedException {
        if (!permits.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
            return null;
        }
        return permits::release;
    }
}
