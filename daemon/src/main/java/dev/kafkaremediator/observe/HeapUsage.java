package dev.kafkaremediator.observe;

import java.util.OptionalLong;

/**
 * A broker's heap from {@code java.lang:type=Memory}; {@code afterLastGc} sums the heap pools'
 * {@code CollectionUsage} (what survived the last collection), the steadier signal of what the
 * broker really holds, such as producer-id state.
 */
public record HeapUsage(long used, long committed, long max, OptionalLong afterLastGc) {

    /** Used over max, 0..1; max unknown (-1) gives used over committed. */
    public double usedFraction() {
        long limit = max > 0 ? max : committed;
        return limit > 0 ? (double) used / limit : 0.0;
    }
}
