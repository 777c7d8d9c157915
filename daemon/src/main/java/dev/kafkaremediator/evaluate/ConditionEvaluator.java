package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.config.policy.Condition;
import dev.kafkaremediator.evaluate.Evidence.Outcome;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.Series;
import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates one condition for one entity over its samples. Pure: no I/O, time is the argument.
 * A value that is not in the current sample is unknown, never zero, and an unknown never meets a
 * condition (nor, under "all", lets the others pass alone).
 */
final class ConditionEvaluator {
    /** A forecast's trend must still hold at the end of its window: the last quarter grows at least half as fast. */
    static final double MIN_RECENT_GROWTH_SHARE = 0.5;

    private final List<Sample> samples;
    private final Instant now;

    ConditionEvaluator(List<Sample> samples, Instant now) {
        this.samples = samples;
        this.now = now;
    }

    /** The combined outcome, and the evidence of every leaf condition. */
    record Verdict(Outcome outcome, List<Evidence> evidence) { }

    Verdict evaluate(Condition condition, Entity entity) {
        // Java 17: no pattern switch yet; the interface is sealed, so this list is complete.
        if (condition instanceof Condition.AllOf all) {
            return combine(all.conditions(), entity, true);
        }
        if (condition instanceof Condition.AnyOf any) {
            return combine(any.conditions(), entity, false);
        }
        if (condition instanceof Condition.Threshold t) {
            return leaf(threshold(t, entity));
        }
        if (condition instanceof Condition.Growth g) {
            return leaf(growth(g, entity));
        }
        if (condition instanceof Condition.AboveBaseline b) {
            return leaf(aboveBaseline(b, entity));
        }
        return leaf(forecast((Condition.Forecast) condition, entity));
    }

    private static Verdict leaf(Evidence e) {
        return new Verdict(e.outcome(), List.of(e));
    }

    private Verdict combine(List<Condition> parts, Entity entity, boolean all) {
        List<Evidence> evidence = new ArrayList<>();
        boolean anyMet = false;
        boolean anyNotMet = false;
        boolean anyUnknown = false;
        for (Condition part : parts) {
            Verdict v = evaluate(part, entity);
            evidence.addAll(v.evidence());
            anyMet |= v.outcome() == Outcome.MET;
            anyNotMet |= v.outcome() == Outcome.NOT_MET;
            anyUnknown |= v.outcome() == Outcome.UNKNOWN;
        }
        Outcome outcome = all ? (anyNotMet ? Outcome.NOT_MET : anyUnknown ? Outcome.UNKNOWN : Outcome.MET)
                : (anyMet ? Outcome.MET : anyUnknown ? Outcome.UNKNOWN : Outcome.NOT_MET);
        return new Verdict(outcome, evidence);
    }

    /** The series, and whether it has a value for the current snapshot (the newest sample). */
    private Optional<Series> current(dev.kafkaremediator.config.policy.Metric metric, Entity entity, List<Evidence> unknown) {
        Series series = SeriesOf.of(metric, entity, samples);
        Instant newest = samples.isEmpty() ? null : samples.get(samples.size() - 1).time();
        List<Series.Point> points = series.points();
        if (newest == null || points.isEmpty() || !points.get(points.size() - 1).time().equals(newest)) {
            unknown.add(new Evidence(Outcome.UNKNOWN, metric.key(), metric.key() + " of " + entity + " is unknown in the current snapshot", Map.of()));
            return Optional.empty();
        }
        return Optional.of(series);
    }

    private Evidence threshold(Condition.Threshold t, Entity entity) {
        List<Evidence> unknown = new ArrayList<>();
        Optional<Series> found = current(t.metric(), entity, unknown);
        if (found.isEmpty()) {
            return unknown.get(0);
        }
        List<Series.Point> points = found.get().points();
        double value = points.get(points.size() - 1).value();
        String relation = (t.above() ? "> " : "< ") + number(t.value());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("value", value);
        figures.put(t.above() ? "above" : "below", t.value());
        List<Series.Point> span;
        String sustained;
        if (t.forDuration().isPresent()) {
            Duration d = t.forDuration().get();
            int anchor = -1;
            for (int i = points.size() - 1; i >= 0; i--) {
                if (!points.get(i).time().isAfter(now.minus(d))) {
                    anchor = i;
                    break;
                }
            }
            if (anchor < 0) {
                boolean nowMet = satisfies(t, value);
                return new Evidence(Outcome.NOT_MET, t.metric().key(), String.format(Locale.ROOT, "%s of %s = %s %s now, but the history is shorter "
                        + "than %s", t.metric().key(), entity, number(value), nowMet ? relation : "(not " + relation + ")", Durations.format(d)), figures);
            }
            span = points.subList(anchor, points.size());
            sustained = " for " + Durations.format(d) + " (" + span.size() + " samples)";
            figures.put("for", d.toString());
        } else if (t.forSamples().isPresent()) {
            int n = t.forSamples().getAsInt();
            if (points.size() < n) {
                return new Evidence(Outcome.NOT_MET, t.metric().key(), t.metric().key() + " of " + entity + ": only " + points.size()
                        + " samples, need " + n, figures);
            }
            span = points.subList(points.size() - n, points.size());
            sustained = " for the last " + n + " samples";
            figures.put("forSamples", n);
        } else {
            span = points.subList(points.size() - 1, points.size());
            sustained = "";
        }
        boolean met = span.stream().allMatch(p -> satisfies(t, p.value()));
        String summary = String.format(Locale.ROOT, "%s of %s = %s, %s%s%s", t.metric().key(), entity, number(value), met ? "" : "not always ",
                relation, sustained);
        return new Evidence(met ? Outcome.MET : Outcome.NOT_MET, t.metric().key(), summary, figures);
    }

    private static boolean satisfies(Condition.Threshold t, double v) {
        return t.above() ? v > t.value() : v < t.value();
    }

    private Evidence growth(Condition.Growth g, Entity entity) {
        List<Evidence> unknown = new ArrayList<>();
        Optional<Series> found = current(g.metric(), entity, unknown);
        if (found.isEmpty()) {
            return unknown.get(0);
        }
        Series windowed = found.get().since(now.minus(g.window()));
        // After a drop (a cure) the climb that led to it is not current growth: the fit starts again.
        List<Series.Point> window = windowed.sinceLastDrop().points();
        String sinceDrop = windowed.lastDrop().map(t -> ", since the drop at " + t).orElse("");
        Optional<LinearFit> fit = LinearFit.of(window);
        String unit = g.per().equals(Duration.ofDays(1)) ? "day" : "hour";
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("window", g.window().toString());
        figures.put("points", window.size());
        figures.put("ratePer" + (unit.equals("day") ? "Day" : "Hour") + "Above", g.above());
        if (fit.isEmpty() || window.size() < Condition.Growth.MIN_SAMPLES || fit.get().span().compareTo(g.window().dividedBy(2)) < 0) {
            return new Evidence(Outcome.NOT_MET, g.metric().key(), g.metric().key() + " of " + entity + ": not enough history for a rate over "
                    + Durations.format(g.window()) + " (" + window.size() + " samples" + sinceDrop + ")", figures);
        }
        double rate = fit.get().slopePerHour() * (unit.equals("day") ? 24 : 1);
        figures.put("rate", rate);
        figures.put("rSquared", fit.get().rSquared());
        boolean met = rate > g.above();
        return new Evidence(met ? Outcome.MET : Outcome.NOT_MET, g.metric().key(), String.format(Locale.ROOT,
                "%s of %s grows %s per %s over %s (fit R² %.2f), %s %s", g.metric().key(), entity, signed(rate), unit, Durations.format(g.window()),
                fit.get().rSquared(), met ? "above" : "not above", number(g.above())), figures);
    }

    private Evidence aboveBaseline(Condition.AboveBaseline b, Entity entity) {
        List<Evidence> unknown = new ArrayList<>();
        Optional<Series> found = current(b.metric(), entity, unknown);
        if (found.isEmpty()) {
            return unknown.get(0);
        }
        List<Series.Point> window = found.get().since(now.minus(b.window())).points();
        double value = window.get(window.size() - 1).value();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("value", value);
        figures.put("factor", b.factor());
        figures.put("window", b.window().toString());
        figures.put("points", window.size());
        String what = b.metric().key() + " of " + entity;
        Duration span = Duration.between(window.get(0).time(), window.get(window.size() - 1).time());
        if (window.size() < Condition.AboveBaseline.MIN_SAMPLES || span.compareTo(b.window().dividedBy(2)) < 0) {
            return new Evidence(Outcome.NOT_MET, b.metric().key(), what + ": not enough history for a baseline over " + Durations.format(b.window())
                    + " (" + window.size() + " samples over " + Durations.format(span) + ", need half the window)", figures);
        }
        double baseline = median(window.stream().mapToDouble(Series.Point::value).toArray());
        figures.put("baseline", baseline);
        boolean met = value > b.factor() * baseline;
        return new Evidence(met ? Outcome.MET : Outcome.NOT_MET, b.metric().key(), String.format(Locale.ROOT,
                "%s = %s, %s %s times its baseline %s (the median over %s)", what, number(value), met ? "above" : "not above", number(b.factor()),
                number(baseline), Durations.format(b.window())), figures);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private Evidence forecast(Condition.Forecast f, Entity entity) {
        List<Evidence> unknown = new ArrayList<>();
        Optional<Series> found = current(f.metric(), entity, unknown);
        if (found.isEmpty()) {
            return unknown.get(0);
        }
        Series windowed = found.get().since(now.minus(f.window()));
        // After a drop (a cure) the climb that led to it is not current growth: the fit starts again.
        List<Series.Point> window = windowed.sinceLastDrop().points();
        String sinceDrop = windowed.lastDrop().map(t -> ", since the drop at " + t).orElse("");
        double value = window.get(window.size() - 1).value();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("value", value);
        figures.put("limit", f.limit());
        figures.put("window", f.window().toString());
        figures.put("points", window.size());
        String what = f.metric().key() + " of " + entity;
        if (value >= f.limit()) {
            figures.put("timeToLimit", Duration.ZERO.toString());
            return new Evidence(Outcome.MET, f.metric().key(), what + " = " + number(value) + ", already at or past the limit " + number(f.limit()), figures);
        }
        Optional<LinearFit> fit = LinearFit.of(window);
        if (fit.isEmpty() || window.size() < Condition.Forecast.MIN_SAMPLES || fit.get().span().compareTo(f.window().dividedBy(2)) < 0) {
            return new Evidence(Outcome.NOT_MET, f.metric().key(), what + ": not enough history for a forecast over " + Durations.format(f.window())
                    + " (" + window.size() + " samples" + sinceDrop + ")", figures);
        }
        LinearFit line = fit.get();
        figures.put("slopePerHour", line.slopePerHour());
        figures.put("rSquared", line.rSquared());
        if (line.slopePerHour() <= 0) {
            return new Evidence(Outcome.NOT_MET, f.metric().key(), what + " is not growing (" + signed(line.slopePerHour()) + " per hour)", figures);
        }
        if (line.rSquared() < f.minFit()) {
            return new Evidence(Outcome.NOT_MET, f.metric().key(), String.format(Locale.ROOT, "%s: no steady trend (fit R² %.2f < %.2f)", what,
                    line.rSquared(), f.minFit()), figures);
        }
        List<Series.Point> recent = window.subList(window.size() - Math.max(3, window.size() / 4), window.size());
        double recentSlope = LinearFit.of(recent).map(LinearFit::slopePerHour).orElse(0.0);
        figures.put("recentSlopePerHour", recentSlope);
        if (recentSlope < MIN_RECENT_GROWTH_SHARE * line.slopePerHour()) {
            return new Evidence(Outcome.NOT_MET, f.metric().key(), String.format(Locale.ROOT, "%s: growth has stopped (%s per hour lately, %s over %s)",
                    what, signed(recentSlope), signed(line.slopePerHour()), Durations.format(f.window())), figures);
        }
        double fittedNow = line.valueAt(now);
        Duration toLimit = Duration.ofMillis((long) Math.max(0, (f.limit() - fittedNow) / line.slopePerHour() * 3_600_000.0));
        figures.put("timeToLimit", toLimit.toString());
        figures.put("reachesLimitAt", now.plus(toLimit).toString());
        boolean met = toLimit.compareTo(f.within()) <= 0;
        return new Evidence(met ? Outcome.MET : Outcome.NOT_MET, f.metric().key(), String.format(Locale.ROOT,
                "%s = %s, growing %s per hour (fit R² %.2f over %s): reaches %s in %s%s", what, number(value), signed(line.slopePerHour()),
                line.rSquared(), Durations.format(f.window()), number(f.limit()), Durations.format(toLimit),
                met ? ", within " + Durations.format(f.within()) : ", beyond " + Durations.format(f.within())), figures);
    }

    static String number(double v) {
        if (Math.abs(v) < 10 && v != Math.rint(v)) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + number(v);
    }
}
