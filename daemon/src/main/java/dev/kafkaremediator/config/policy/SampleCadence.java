package dev.kafkaremediator.config.policy;

import dev.kafkaremediator.config.RemediatorConfig;
import java.time.Duration;

/**
 * How densely the history can hold samples, so a policy that could never gather the samples its
 * evaluation needs is refused instead of silently never firing: at most one sample per
 * {@code interval} (the longer of {@code observe-interval} and {@code history.min-interval}), kept
 * for {@code retention}.
 */
public record SampleCadence(Duration interval, Duration retention) {

    public static SampleCadence of(RemediatorConfig config) {
        Duration observe = config.observeInterval();
        Duration min = config.history().minInterval();
        return new SampleCadence(observe.compareTo(min) >= 0 ? observe : min, config.history().retention());
    }

    /** The most samples a span of {@code window} (both ends included) can hold. */
    long samplesIn(Duration window) {
        return window.toMillis() / Math.max(1, interval.toMillis()) + 1;
    }

    /** How long a window must be to hold {@code samples}. */
    Duration windowFor(int samples) {
        return interval.multipliedBy(samples - 1L);
    }

    /** Names the settings that make the cadence, for messages. */
    String describe() {
        return "one sample per " + text(interval) + " (the longer of observe-interval and history.min-interval)";
    }

    static String text(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0 || s == 0) {
            return d.toMillis() + "ms";
        }
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
