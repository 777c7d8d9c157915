package dev.kafkaremediator.observe;

import java.util.OptionalLong;

/**
 * A partition's log start offset, its end (the high watermark), and the first offset at or after a
 * timestamp when one was asked ({@code listOffsets} with {@code OffsetSpec.forTimestamp}); empty
 * when no record is that new.
 */
public record PartitionOffsets(long logStart, long end, OptionalLong atTimestamp) { }
