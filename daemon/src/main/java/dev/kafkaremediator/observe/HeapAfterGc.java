package dev.kafkaremediator.observe;

import java.time.Duration;
import java.time.Instant;

/**
 * The heap a broker's JVM had left after its last collection that covered the old generation
 * (the sum of the heap pools' {@code CollectionUsage}, the old pool's set by that collection), and
 * when that collection ended. A young collection's "after" still holds every dead object of the old
 * generation, so it is no measure of what the broker really keeps; see {@link OldGenCollection}.
 *
 * @param bytes       heap left: the old pool after that collection, the young pools after their last one
 * @param collectedAt when the collection ended (or, when it fell between two of our readings, the
 *                    earlier reading: the oldest it can be), on the broker's clock
 * @param collection  which collector did it ("G1 Old Generation", "G1 Young Generation (mixed)", ...)
 */
public record HeapAfterGc(long bytes, Instant collectedAt, String collection) {

    /**
     * How old a reading may be before it is unknown rather than news: 30 observe intervals at the
     * default 1 min. A G1 broker whose old generation fills up starts a concurrent cycle and mixed
     * collections long before this passes; one that ran none for half an hour gives no fresh answer,
     * and a stale number (the heap before a cure) is worse than "unknown".
     */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);
}
