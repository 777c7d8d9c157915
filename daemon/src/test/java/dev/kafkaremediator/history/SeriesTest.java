package dev.kafkaremediator.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void slopeOfASteadyLeakIsItsRatePerHour() {
        List<Sample> samples = new ArrayList<>();
        for (int minute = 0; minute <= 60; minute++) {
            samples.add(new Sample(T0.plus(Duration.ofMinutes(minute)), Map.of("s", 1000.0 + 5 * minute)));
        }
        assertEquals(300.0, Series.of("s", samples).slopePerHour(Duration.ofMinutes(1)).getAsDouble(), 1e-6);
    }

    @Test
    void missingValuesAreGapsNotZeros() {
        List<Sample> samples = List.of(
                new Sample(T0, Map.of("s", 100.0)),
                new Sample(T0.plus(Duration.ofMinutes(30)), Map.of()),
                new Sample(T0.plus(Duration.ofMinutes(60)), Map.of("s", 160.0)));
        Series series = Series.of("s", samples);
        assertEquals(2, series.points().size());
        assertEquals(60.0, series.slopePerHour(Duration.ofMinutes(1)).getAsDouble(), 1e-6);
    }

    @Test
    void noSlopeFromOnePointOrATooShortSpan() {
        assertTrue(Series.of("s", List.of(new Sample(T0, Map.of("s", 1.0)))).slopePerHour(Duration.ofMinutes(1)).isEmpty());
        List<Sample> close = List.of(new Sample(T0, Map.of("s", 1.0)), new Sample(T0.plusSeconds(30), Map.of("s", 2.0)));
        assertTrue(Series.of("s", close).slopePerHour(Duration.ofMinutes(1)).isEmpty());
    }
}
