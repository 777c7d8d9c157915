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

    /**
     * A fall of at least this share of the value from one point to the next is a drop: a cure, a
     * trim with restarts, expiry lowered. Producer state does not shrink that fast on its own
     * (entries expire one producer at a time, after producer.id.expiration.ms).
     */
    public static final double DROP_SHARE = 0.25;

    /**
     * The points from the last drop on (the point after the fall included), or all of them when
     * there was none. A rate or a forecast fitted across a drop would show the climb that led to it
     * as current growth: after a cure, the series starts again.
     */
    public Series sinceLastDrop() {
        for (int i = points.size() - 1; i > 0; i--) {
            double before = points.get(i - 1).value();
            if (before > 0 && points.get(i).value() <= before * (1 - DROP_SHARE)) {
                return new Series(name, points.subList(i, points.size()));
            }
        }
        return this;
    }

    /** When the last drop happened (the first point after it), if there was one. */
    public java.util.Optional<Instant> lastDrop() {
        Series after = sinceLastDrop();
        return after.points.size() == points.size() ? java.util.Optional.empty() : java.util.Optional.of(after.points.get(0).time());
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
