package dev.kafkaremediator.act;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    private static final String TEXT = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         12000         960000  java.util.HashMap$Node (java.base@17.0.15)
               2:         12000         576000  org.apache.kafka.storage.internals.log.ProducerStateEntry
               3:         12000         480000  org.apache.kafka.storage.internals.log.BatchMetadata
               4:          5000         400000  [B (java.base@17.0.15)
            Total         41000        2416000
            """;

    @Test
    void parsesTheTopClassesAndTheProducerStateShare() {
        ClassHistogram h = ClassHistogram.parse(TEXT, 2);
        assertEquals(2, h.top().size());
        assertEquals("java.util.HashMap$Node", h.top().get(0).className());
        assertEquals(2_416_000, h.totalBytes());
        assertEquals(1_056_000, h.producerStateBytes());
        assertEquals(12_000, h.producerStateEntries());
        assertEquals(1_056_000 / 2_416_000.0, h.producerStateShare(), 1e-9);
    }
}
