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

    @Test
    void aFallOfAQuarterOrMoreStartsTheSeriesAgain() {
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        Series s = new Series("x", java.util.List.of(new Series.Point(t, 100), new Series.Point(t.plusSeconds(60), 200),
                new Series.Point(t.plusSeconds(120), 160), new Series.Point(t.plusSeconds(180), 300), new Series.Point(t.plusSeconds(240), 10),
                new Series.Point(t.plusSeconds(300), 12)));

        org.assertj.core.api.Assertions.assertThat(s.sinceLastDrop().points()).extracting(Series.Point::value).containsExactly(10.0, 12.0);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.of(t.plusSeconds(240)), s.lastDrop());
        Series noDrop = new Series("x", s.points().subList(0, 3)); // 200 -> 160 is a fall of a fifth: not a drop
        org.junit.jupiter.api.Assertions.assertEquals(noDrop, noDrop.sinceLastDrop());
    }
}
