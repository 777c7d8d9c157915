package dev.kafkaremediator.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void formatsShortAndLongDurations() {
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("5s", Durations.format(Duration.ofSeconds(5)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("2m30s", Durations.format(Duration.ofSeconds(150)));
        assertEquals("1h", Durations.format(Duration.ofHours(1)));
        assertEquals("-5s", Durations.format(Duration.ofSeconds(-5)));
    }
}
