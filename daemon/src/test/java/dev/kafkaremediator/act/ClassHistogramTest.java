package dev.kafkaremediator.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    /**
     * The shape of a Kafka 4.4 broker's histogram with 500,000 producer-state entries (Java 17, compressed
     * oops), plus the rest of the heap's own ArrayDeques, Object[]s, HashMap$Nodes and Longs, which are not
     * producer state and must not be counted.
     */
    private static final String KAFKA_44 = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        520000       52000000  [Ljava.lang.Object; (java.base@17.0.15)
               2:        560000       17920000  java.util.HashMap$Node (java.base@17.0.15)
               3:        500000       24000000  org.apache.kafka.storage.internals.log.ProducerStateEntry
               4:        500000       20000000  org.apache.kafka.storage.internals.log.BatchMetadata
               5:        503000       12072000  java.util.ArrayDeque (java.base@17.0.15)
               6:        530000       12720000  java.lang.Long (java.base@17.0.15)
               7:          5000       40000000  [B (java.base@17.0.15)
            Total       3118000      178712000
            """;

    @Test
    void countsEveryStructureOfAnEntryAt256BytesOnKafka44() {
        ClassHistogram h = ClassHistogram.parse(KAFKA_44, 3);
        assertEquals(500_000, h.producerStateEntries());
        // 48 + 40 (Kafka's rows, whole) + 500,000 x (ArrayDeque 24 + Object[17] 88 + HashMap$Node 32 + Long 24)
        assertEquals(500_000L * 256, h.producerStateBytes());
        assertEquals(256, h.bytesPerEntry().orElseThrow());
        assertEquals(500_000L * 256 / 178_712_000.0, h.producerStateShare(), 1e-9);
        assertEquals(3, h.top().size());
        assertEquals("[Ljava.lang.Object;", h.top().get(0).className());
        assertEquals(178_712_000, h.totalBytes());
    }

    @Test
    void onlyOneDequeMapNodeAndKeyPerEntryCountNotTheWholeHeapsShare() {
        // Ten times the unrelated JDK instances change nothing: the multiplier is the ProducerStateEntry count.
        String crowded = KAFKA_44.replace("520000       52000000", "5200000      520000000")
                .replace("560000       17920000", "5600000      179200000")
                .replace("530000       12720000", "5300000      127200000");
        assertEquals(256, ClassHistogram.parse(crowded, 3).bytesPerEntry().orElseThrow());
    }

    @Test
    void eightByteReferencesMakeTheDequesArrayLarger() {
        // Heaps above 32 GB: no compressed oops. ArrayDeque 32 B, HashMap$Node 48 B, Object[17] = 16 + 17 x 8 = 152 B.
        String wide = """
               1:          1000          48000  org.apache.kafka.storage.internals.log.ProducerStateEntry
               2:          1000          40000  org.apache.kafka.storage.internals.log.BatchMetadata
               3:          1000          32000  java.util.ArrayDeque (java.base@17.0.15)
               4:          1000          48000  java.util.HashMap$Node (java.base@17.0.15)
               5:          1000          24000  java.lang.Long (java.base@17.0.15)
            Total          5000         192000
            """;
        assertEquals(48 + 40 + 32 + 152 + 48 + 24, ClassHistogram.parse(wide, 5).bytesPerEntry().orElseThrow());
    }

    @Test
    void aBrokerWithNoProducerStateHasNoBytesPerEntry() {
        ClassHistogram h = ClassHistogram.parse("""
               1:          5000         400000  [B (java.base@17.0.15)
               2:          1000          24000  java.util.ArrayDeque (java.base@17.0.15)
            Total          6000         424000
            """, 5);
        assertEquals(0, h.producerStateEntries());
        assertEquals(0, h.producerStateBytes());
        assertTrue(h.bytesPerEntry().isEmpty());
    }
}
