package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.history.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Least-squares straight line through a series: slope per hour, the fitted value at any instant,
 * and R², the share of the variance the line explains (1 for a perfectly steady leak, about 0.75
 * at most for a single step).
 */
record LinearFit(Instant origin, double intercept, double slopePerHour, double rSquared, int points, Duration span) {

    static Optional<LinearFit> of(List<Series.Point> points) {
        if (points.size() < 2) {
            return Optional.empty();
        }
        Instant origin = points.get(0).time();
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (Series.Point p : points) {
            double x = hours(origin, p.time());
            sx += x;
            sy += p.value();
            sxx += x * x;
            sxy += x * p.value();
            syy += p.value() * p.value();
        }
        double dx = n * sxx - sx * sx;
        if (dx <= 0) {
            return Optional.empty();
        }
        double slope = (n * sxy - sx * sy) / dx;
        double intercept = (sy - slope * sx) / n;
        double dy = n * syy - sy * sy;
        // A flat series is explained perfectly by a flat line.
        double r2 = dy <= 0 ? 1.0 : Math.pow(n * sxy - sx * sy, 2) / (dx * dy);
        Duration span = Duration.between(origin, points.get(points.size() - 1).time());
        return Optional.of(new LinearFit(origin, intercept, slope, Math.min(1.0, r2), points.size(), span));
    }

    double valueAt(Instant t) {
        return intercept + slopePerHour * hours(origin, t);
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 3_600_000.0;
    }
}
