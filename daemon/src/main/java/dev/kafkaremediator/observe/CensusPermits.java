package dev.kafkaremediator.observe;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many producer-state entries this process may be reading at once, across all its clusters'
 * censuses. Kafka's Admin client holds a whole answer while it is read (the response buffer, the
 * decoded records, the client's own copies: about {@link #BYTES_PER_ENTRY} per entry, measured at
 * the incident's scale), and an answer's size is set by the entries it returns, not by the number of
 * partitions asked. So the heap sets a budget in entries, one census request takes as many of them as
 * it expects to receive, and a partition expected to hold more than the whole budget is not asked at
 * all: it is reported unknown with the heap that would read it ({@link #tooLarge}), never an
 * OutOfMemoryError (issue #21: 2,000,000 entries per broker killed a 48 MB daemon that asked 100
 * partitions at once). A census that cannot get its entries within its own timeout reports its
 * remaining partitions unknown, as it does when the brokers are slow.
 */
public final class CensusPermits {
    /** What the daemon itself lives on (its live set after a full GC is about 11 MB), kept out of the census's share. */
    static final long BASELINE = 24L << 20;
    /**
     * Heap one entry takes while its answer is read: the wire record (37 B), Kafka's decoded response
     * record (~56 B), the Admin client's ProducerState (~48 B), list slots, and room for the garbage
     * collector to work. Estimated with a margin from 20 MB per 200,000 entries measured in flight.
     */
    static final long BYTES_PER_ENTRY = 200;
    /**
     * The most entries one request asks for, whatever the heap: each broker's answer is one buffer
     * (37 B an entry), kept to about 2 MB so that a small heap need not find a large contiguous region
     * for it, and so one cluster's census leaves room for the others'.
     */
    static final int MAX_REQUEST_ENTRIES = 50_000;
    /** The smallest budget, for heaps below the baseline (a CLI given a tiny -Xmx): a census still runs, a partition at a time. */
    static final int MIN_ENTRIES = 10_000;

    private final Semaphore credits;
    private final int entries;
    private final long maxHeapBytes;

    private CensusPermits(int entries, long maxHeapBytes) {
        this.entries = entries;
        this.maxHeapBytes = maxHeapBytes;
        this.credits = new Semaphore(entries, true);
    }

    /** The budget {@code maxHeapBytes} allows (see the class comment). */
    public static CensusPermits forHeap(long maxHeapBytes) {
        long spare = Math.max(0, maxHeapBytes - BASELINE);
        return new CensusPermits((int) Math.max(MIN_ENTRIES, Math.min(Integer.MAX_VALUE, spare / BYTES_PER_ENTRY)), maxHeapBytes);
    }

    /** For this JVM's maximum heap. */
    public static CensusPermits forThisJvm() {
        return forHeap(Runtime.getRuntime().maxMemory());
    }

    /** A budget of exactly {@code entries} (tests, benchmarks). */
    public static CensusPermits ofEntries(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("the census budget must allow at least one entry: " + entries);
        }
        return new CensusPermits(entries, BASELINE + entries * BYTES_PER_ENTRY);
    }

    /** Entries that may be in flight at once in this process. */
    public int entries() {
        return entries;
    }

    /** The most entries one request should expect to receive. */
    public int requestEntries() {
        return Math.min(entries, MAX_REQUEST_ENTRIES);
    }

    /** Whether one partition expected to hold {@code expected} entries can be read at all on this heap. */
    public boolean fits(long expected) {
        return expected <= entries;
    }

    /** Why a partition of {@code expected} entries is not asked, and the heap that would read it. */
    public String tooLarge(long expected) {
        long neededMb = ((BASELINE + expected * BYTES_PER_ENTRY) >> 20) + 16;
        long suggestMb = (neededMb + 15) / 16 * 16;
        return String.format(Locale.ROOT, "its answer (%,d producer-state entries expected, about %d MB while read) does not fit this process's"
                        + " census share of the heap (%,d entries of a %d MB heap): not asked, so no OutOfMemoryError; give the remediator a"
                        + " larger heap, e.g. REMEDIATOR_JAVA_OPTS=-Xmx%dm", expected, (expected * BYTES_PER_ENTRY) >> 20, entries,
                maxHeapBytes >> 20, suggestMb);
    }

    /** A request's entries, once taken; close it when the request's answer has been read. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits up to {@code wait} for {@code expected} entries of the budget (at most the whole budget,
     * at least one).
     *
     * @return the turn, or null when none came within {@code wait}
     * @throws InterruptedException when interrupted while waiting
     */
    public Turn take(long expected, Duration wait) throws InterruptedException {
        int n = (int) Math.max(1, Math.min(entries, expected));
        if (!credits.tryAcquire(n, Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
            return null;
        }
        return () -> credits.release(n);
    }
}
