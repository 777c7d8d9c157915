package dev.kafkaremediator.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** One series out of a run of samples, with its growth rate by least squares. Samples lacking the series are gaps, not zeros. */
public record Series(String name, List<Point> points) {

    public record Point(Instant time, double value) { }

    public Series {
        points = List.copyOf(points);
    }

    public static Series of(String name, List<Sample> samples) {
        List<Point> points = new ArrayList<>();
        for (Sample s : samples) {
            s.value(name).ifPresent(v -> points.add(new Point(s.time(), v)));
        }
        return new Series(name, points);
    }

    public Series since(Instant from) {
        return new Series(name, points.stream().filter(p -> !p.time().isBefore(from)).toList());
    }

    /** The least-squares slope per hour; empty with fewer than two points or when they span less than {@code minSpan}. */
    public OptionalDouble slopePerHour(Duration minSpan) {
        if (points.size() < 2) {
            return OptionalDouble.empty();
        }
        Instant first = points.get(0).time();
        Duration span = Duration.between(first, points.get(points.size() - 1).time());
        if (span.compareTo(minSpan) < 0 || span.isZero()) {
            return OptionalDouble.empty();
        }
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double x = Duration.between(first, p.time()).toMillis() / 3_600_000.0;
            sx += x;
            sy += p.value();
            sxx += x * x;
            sxy += x * p.value();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((n * sxy - sx * sy) / denominator);
    }
}
