package dev.kafkaremediator.config.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.kafkaremediator.config.HoconFile;
import dev.kafkaremediator.config.StrictConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a policy's {@code when} block: threshold, growth and forecast conditions combined with all/any. */
final class ConditionReader {
    private static final Set<String> KINDS = Set.of("threshold", "growth", "forecast", "above-baseline", "all", "any");
    private static final Set<String> THRESHOLD_KEYS = Set.of("series", "above", "below", "for", "for-samples");
    private static final Set<String> GROWTH_KEYS = Set.of("series", "per-hour-above", "per-day-above", "window");
    private static final Set<String> FORECAST_KEYS = Set.of("series", "limit", "within", "window", "min-fit");
    private static final Set<String> BASELINE_KEYS = Set.of("series", "window", "factor");
    private static final String SERIES_LIST = Arrays.stream(Metric.values()).map(Metric::key).collect(Collectors.joining(", "));
    static final double DEFAULT_MIN_FIT = 0.9;

    private final StrictConfig strict;
    private final Optional<SampleCadence> cadence;
    private final Set<Scope> scopes = EnumSet.noneOf(Scope.class);

    /** @param cadence the history's, when a configuration is at hand: windows that cannot hold their samples are refused */
    ConditionReader(StrictConfig strict, Optional<SampleCadence> cadence) {
        this.strict = strict;
        this.cadence = cadence;
    }

    /** The scopes the series of every condition read so far belong to; a policy must have exactly one. */
    Set<Scope> scopes() {
        return scopes;
    }

    /** {@code when { all = [...] } } or {@code when { any = [...] } }, or a single condition object. */
    Optional<Condition> when(Config policy, String prefix) {
        Config when = strict.object(policy, prefix, "when");
        if (when.isEmpty()) {
            if (policy.hasPath("when")) {
                strict.problem(policy.getValue("when").origin(), prefix + ".when", "empty; expected all = [...], any = [...] or one condition");
            }
            return Optional.empty();
        }
        return condition(when.root(), prefix + ".when", 1);
    }

    private Optional<Condition> condition(ConfigObject object, String path, int depth) {
        if (depth > HoconFile.MAX_CONDITION_DEPTH) {
            // Evaluation recurses too: a bound here keeps a policy from overflowing the daemon's stack.
            strict.problem(object.origin(), path, "conditions nested more than " + HoconFile.MAX_CONDITION_DEPTH + " levels deep (all/any); flatten them");
            return Optional.empty();
        }
        Config c = object.toConfig();
        strict.onlyKnownKeys(c, path, KINDS);
        Optional<String> kind = strict.exactlyOne(c, path, List.of("threshold", "growth", "forecast", "above-baseline", "all", "any"),
                object.origin());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        String at = path + "." + kind.get();
        return switch (kind.get()) {
            case "all", "any" -> combined(c, path, kind.get(), depth);
            case "threshold" -> threshold(strict.object(c, path, "threshold"), at);
            case "growth" -> growth(strict.object(c, path, "growth"), at);
            case "above-baseline" -> aboveBaseline(strict.object(c, path, "above-baseline"), at);
            default -> forecast(strict.object(c, path, "forecast"), at);
        };
    }

    private Optional<Condition> combined(Config c, String path, String kind, int depth) {
        ConfigValue value = c.getValue(kind);
        String at = path + "." + kind;
        if (!(value instanceof ConfigList list)) {
            strict.problem(value.origin(), at, "expected a list of conditions [ {...}, ... ]");
            return Optional.empty();
        }
        if (list.isEmpty()) {
            strict.problem(value.origin(), at, "empty; expected at least one condition");
            return Optional.empty();
        }
        List<Condition> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue element = list.get(i);
            if (element instanceof ConfigObject object) {
                condition(object, at + "[" + i + "]", depth + 1).ifPresent(parts::add);
            } else {
                strict.problem(element.origin(), at + "[" + i + "]", "expected a condition object { threshold | growth | forecast | above-baseline | all | any }");
            }
        }
        if (parts.size() != list.size()) {
            return Optional.empty();
        }
        return Optional.of(kind.equals("all") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts));
    }

    private Optional<Condition> threshold(Config c, String path) {
        strict.onlyKnownKeys(c, path, THRESHOLD_KEYS);
        Optional<Metric> metric = series(c, path);
        Optional<String> direction = strict.exactlyOne(c, path, List.of("above", "below"), c.root().origin());
        double value = direction.map(d -> value(c, path, d, metric)).orElse(0.0);
        Optional<Duration> forDuration = strict.optionalDuration(c, path, "for");
        OptionalInt forSamples = c.hasPath("for-samples") ? OptionalInt.of(strict.intInRange(c, path, "for-samples", 1, 10_000, 1))
                : OptionalInt.empty();
        if (forDuration.isPresent() && forSamples.isPresent()) {
            strict.problem(c.getValue("for-samples").origin(), path, "expected only one of for, for-samples");
        }
        cadence.ifPresent(k -> sustainedSpan(c, path, k, forDuration, forSamples));
        if (metric.isEmpty() || direction.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition.Threshold(metric.get(), direction.get().equals("above"), value, forDuration, forSamples));
    }

    private Optional<Condition> growth(Config c, String path) {
        strict.onlyKnownKeys(c, path, GROWTH_KEYS);
        Optional<Metric> metric = series(c, path);
        Optional<String> per = strict.exactlyOne(c, path, List.of("per-hour-above", "per-day-above"), c.root().origin());
        double above = per.map(p -> strict.doubleInRange(c, path, p, Double.MIN_VALUE, Double.MAX_VALUE, "a rate above 0", 1)).orElse(1.0);
        Duration window = strict.positiveDuration(c, path, "window", Duration.ofHours(1));
        minimumWindow(c, path, window);
        holdsSamples(c, path, window, Condition.Growth.MIN_SAMPLES, "a rate");
        if (metric.isEmpty() || per.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition.Growth(metric.get(), above, per.get().equals("per-hour-above") ? Duration.ofHours(1) : Duration.ofDays(1),
                window));
    }

    private Optional<Condition> forecast(Config c, String path) {
        strict.onlyKnownKeys(c, path, FORECAST_KEYS);
        Optional<Metric> metric = series(c, path);
        double limit = value(c, path, "limit", metric);
        Duration within = strict.positiveDuration(c, path, "within", Duration.ofDays(1));
        Duration window = strict.positiveDuration(c, path, "window", Duration.ofHours(1));
        minimumWindow(c, path, window);
        holdsSamples(c, path, window, Condition.Forecast.MIN_SAMPLES, "a forecast");
        double minFit = c.hasPath("min-fit") ? strict.doubleInRange(c, path, "min-fit", 0, 1, "a fit quality (R²) from 0 to 1", DEFAULT_MIN_FIT)
                : DEFAULT_MIN_FIT;
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition.Forecast(metric.get(), limit, within, window, minFit));
    }

    private Optional<Condition> aboveBaseline(Config c, String path) {
        strict.onlyKnownKeys(c, path, BASELINE_KEYS);
        Optional<Metric> metric = series(c, path);
        Duration window = strict.positiveDuration(c, path, "window", Duration.ofDays(7));
        minimumWindow(c, path, window);
        holdsSamples(c, path, window, Condition.AboveBaseline.MIN_SAMPLES, "a baseline");
        // Above 1: "above its baseline" by a factor of 1 or less would fire on any ordinary wobble of the median.
        double factor = strict.doubleInRange(c, path, "factor", Math.nextUp(1.0), 1_000_000, "a factor above 1 (how many times the baseline)", 10);
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition.AboveBaseline(metric.get(), window, factor));
    }

    /** Rates and fits need several samples: a window under a minute says more about noise than about a trend. */
    private void minimumWindow(Config c, String path, Duration window) {
        if (c.hasPath("window") && window.compareTo(Duration.ofMinutes(1)) < 0) {
            strict.problem(c.getValue("window").origin(), path + ".window", "expected at least 1m (a rate needs several samples), got "
                    + c.getValue("window").render());
        }
    }

    /** A window must be able to hold the samples its evaluation needs at the history's cadence, and fit in what the history keeps. */
    private void holdsSamples(Config c, String path, Duration window, int needed, String what) {
        if (cadence.isEmpty() || !c.hasPath("window")) {
            return;
        }
        SampleCadence k = cadence.get();
        if (k.samplesIn(window) < needed) {
            strict.problem(c.getValue("window").origin(), path + ".window", "never fires: " + what + " needs " + needed + " samples, and a window of "
                    + c.getValue("window").unwrapped() + " holds at most " + k.samplesIn(window) + " at " + k.describe() + "; expected a window of at least "
                    + SampleCadence.text(k.windowFor(needed)) + ", or a shorter history.min-interval");
        } else if (window.dividedBy(2).compareTo(k.retention()) > 0) {
            strict.problem(c.getValue("window").origin(), path + ".window", "never fires: the samples must span half the window of "
                    + c.getValue("window").unwrapped() + ", and history.retention keeps only " + SampleCadence.text(k.retention()));
        }
    }

    /** {@code for} and {@code for-samples} need that much history: kept long enough, and read back by the evaluation. */
    private void sustainedSpan(Config c, String path, SampleCadence k, Optional<Duration> forDuration, OptionalInt forSamples) {
        if (forDuration.isPresent() && forDuration.get().compareTo(k.retention()) > 0) {
            strict.problem(c.getValue("for").origin(), path + ".for", "never fires: history.retention keeps only " + SampleCadence.text(k.retention())
                    + ", less than " + c.getValue("for").unwrapped());
        }
        if (forSamples.isPresent()) {
            int n = forSamples.getAsInt();
            Duration span = k.windowFor(n);
            // The evaluation reads back 5 minutes per sample and 5 more (PolicyEvaluator.lookback).
            Duration readBack = Duration.ofMinutes(5L * n + 5);
            if (span.compareTo(readBack) > 0 || span.compareTo(k.retention()) > 0) {
                strict.problem(c.getValue("for-samples").origin(), path + ".for-samples", "never fires: " + n + " samples span "
                        + SampleCadence.text(span) + " at " + k.describe() + ", more than the evaluation reads back ("
                        + SampleCadence.text(span.compareTo(k.retention()) > 0 ? k.retention() : readBack) + "); use for = <duration> instead");
            }
        }
    }

    private Optional<Metric> series(Config c, String path) {
        String name = strict.string(c, path, "series", "");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Metric> metric = Metric.byKey(name);
        if (metric.isEmpty()) {
            String suggestion = StrictConfig.closest(name, Arrays.stream(Metric.values()).map(Metric::key).collect(Collectors.toSet()))
                    .map(k -> "; did you mean '" + k + "'?").orElse("");
            strict.problem(c.getValue("series").origin(), path + ".series", "unknown series '" + name + "'" + suggestion + " (known: " + SERIES_LIST + ")");
        }
        metric.ifPresent(m -> scopes.add(m.scope()));
        return metric;
    }

    /** A threshold or limit: a ratio series takes 0..1, a count series 0 or more. */
    private double value(Config c, String path, String key, Optional<Metric> metric) {
        boolean ratio = metric.map(Metric::ratio).orElse(false);
        return ratio ? strict.doubleInRange(c, path, key, 0, 1, "a ratio from 0 to 1 for " + metric.get().key(), 0.5)
                : strict.doubleInRange(c, path, key, 0, Double.MAX_VALUE, "a number, 0 or more", 0);
    }
}
