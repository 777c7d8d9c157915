package dev.kafkaremediator.config.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A condition over observed series; all of a policy's conditions share one {@link Scope}. */
public sealed interface Condition {

    /**
     * The series is above (or below) a value now, and, with {@code forDuration} or {@code forSamples},
     * has been for that long: every sample in that span, not just the current one.
     */
    record Threshold(Metric metric, boolean above, double value, Optional<Duration> forDuration, OptionalInt forSamples)
            implements Condition { }

    /** The series grows faster than {@code above} per {@code per} (an hour or a day), by a least-squares fit over {@code window}. */
    record Growth(Metric metric, double above, Duration per, Duration window) implements Condition {
        /** A rate needs at least this many samples in its window (and the samples must span half of it). */
        public static final int MIN_SAMPLES = 3;
    }

    /**
     * A straight-line fit over {@code window} reaches {@code limit} within {@code within}, the fit
     * explains at least {@code minFit} of the variance (R²), and the series is still growing at the
     * end of the window (a spike followed by a plateau is not a trend).
     */
    record Forecast(Metric metric, double limit, Duration within, Duration window, double minFit) implements Condition {
        /** A forecast needs at least this many samples in its window (and the samples must span half of it). */
        public static final int MIN_SAMPLES = 5;
    }

    /**
     * The series is now more than {@code factor} times its own baseline: the median of its samples over
     * {@code window}. A median, so a burst of minutes does not raise the baseline it is judged against,
     * and a cluster's steady state (what most of the week looked like) is what counts.
     */
    record AboveBaseline(Metric metric, Duration window, double factor) implements Condition {
        /** A baseline needs at least this many samples in its window (and the samples must span half of it). */
        public static final int MIN_SAMPLES = 5;
    }

    record AllOf(List<Condition> conditions) implements Condition {
        public AllOf {
            conditions = List.copyOf(conditions);
        }
    }

    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = List.copyOf(conditions);
        }
    }
}
