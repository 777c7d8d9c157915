package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * A broker's heap from {@code java.lang:type=Memory}, and what its last collection that covered the
 * old generation left ({@link HeapAfterGc}): the steadier signal of what the broker really holds,
 * such as producer-id state. Unknown when no such collection ran, or none recently enough.
 */
public record HeapUsage(long used, long committed, long max, Fact<HeapAfterGc> afterGc) {

    /** For in-memory readings (tests): a known "after GC" of no particular collection or time. */
    public HeapUsage(long used, long committed, long max, OptionalLong afterLastGc) {
        this(used, committed, max, afterLastGc.isPresent()
                ? Fact.known(new HeapAfterGc(afterLastGc.getAsLong(), Instant.EPOCH, "unspecified"))
                : Fact.unknown("no collection of the old generation yet"));
    }

    /** The bytes of {@link #afterGc()}, when known. */
    public OptionalLong afterLastGc() {
        return afterGc.optional().map(a -> OptionalLong.of(a.bytes())).orElse(OptionalLong.empty());
    }

    /** Used over max, 0..1; max unknown (-1) gives used over committed. */
    public double usedFraction() {
        long limit = max > 0 ? max : committed;
        return limit > 0 ? (double) used / limit : 0.0;
    }
}
