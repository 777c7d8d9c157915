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
        assertEquals("7d", Durations.format(Duration.ofDays(7)));
        assertEquals("2d15h48m36s", Durations.format(Duration.ofSeconds(2 * 86400 + 15 * 3600 + 48 * 60 + 36)));
        assertEquals("-5s", Durations.format(Duration.ofSeconds(-5)));
    }
}
