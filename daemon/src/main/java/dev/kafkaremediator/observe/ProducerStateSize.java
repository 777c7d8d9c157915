package dev.kafkaremediator.observe;

import java.time.Instant;
import java.util.Optional;

/**
 * Heap bytes one producer-state entry (one producer id on one partition replica) costs a broker, and
 * where the figure comes from: the broker's own class histogram when one was taken, else the figure
 * measured for its Kafka version.
 */
public record ProducerStateSize(long bytesPerEntry, String source) {

    /**
     * Measured on Kafka 4.4 (Java 17, compressed oops), 500,000 entries per broker, from
     * GC.class_histogram: ProducerStateEntry 48 + BatchMetadata 40 + its ArrayDeque 24 + the deque's
     * Object[17] 88 + the producers map's HashMap$Node 32 + its boxed Long key 24 = 256 B.
     */
    public static final long KAFKA_4_BYTES_PER_ENTRY = 256;

    public ProducerStateSize {
        if (bytesPerEntry <= 0) {
            throw new IllegalArgumentException("bytes per entry must be positive: " + bytesPerEntry);
        }
    }

    /** What a histogram of the broker measured. */
    public static ProducerStateSize measured(long bytesPerEntry, Instant at) {
        return new ProducerStateSize(bytesPerEntry, "class histogram at " + at);
    }

    /**
     * The measured default for a broker's Kafka version ({@code kafka.server:type=app-info} Version).
     * Only 4.x was measured; the same classes hold the state since 3.5 (ProducerStateEntry in the storage
     * module), so other versions get the same figure, said to be assumed.
     */
    public static ProducerStateSize defaultFor(Optional<String> kafkaVersion) {
        if (kafkaVersion.filter(v -> v.startsWith("4.")).isPresent()) {
            return new ProducerStateSize(KAFKA_4_BYTES_PER_ENTRY, "measured default for Kafka 4.x");
        }
        return new ProducerStateSize(KAFKA_4_BYTES_PER_ENTRY, "Kafka 4.x's measured default, assumed for "
                + kafkaVersion.map(v -> "Kafka " + v).orElse("an unknown Kafka version"));
    }
}
