package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a Typesafe {@link Config} strictly: unknown keys are errors (with a "did you mean" for
 * near misses), wrong types and impossible values are errors, and every error carries the file,
 * line and full key path. Problems are collected, so one run reports all of them; getters return
 * a harmless placeholder after recording a problem, and callers check {@link #problems()} at the end.
 */
public final class StrictConfig {
    private final List<ConfigProblem> problems;

    public StrictConfig(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    public StrictConfig() {
        this(new ConfigProblems());
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** How many problems were found so far, those past the kept ones included: what "did this read add one?" compares. */
    public int problemCount() {
        return problems instanceof ConfigProblems capped ? capped.total() : problems.size();
    }

    public void problem(ConfigOrigin origin, String path, String message) {
        problems.add(new ConfigProblem(origin == null ? null : origin.filename() != null ? origin.filename() : origin.description(),
                origin == null ? -1 : origin.lineNumber(), path, message));
    }

    /** Reports every key of {@code object} (at {@code prefix}) that is not in {@code known}. */
    public void onlyKnownKeys(Config object, String prefix, Set<String> known) {
        for (String key : new TreeSet<>(object.root().keySet())) {
            if (!known.contains(key)) {
                ConfigValue value = object.root().get(key);
                String suggestion = closest(key, known).map(k -> "; did you mean '" + k + "'?").orElse("");
                problem(value.origin(), join(prefix, key), "unknown key" + suggestion + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    public String string(Config c, String prefix, String key, String placeholder) {
        try {
            return c.getString(key);
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected a string");
        } catch (ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected a string, got " + typeName(c.getValue(key)));
        }
        return placeholder;
    }

    public Optional<String> optionalString(Config c, String prefix, String key) {
        if (!c.hasPath(key)) {
            return Optional.empty();
        }
        return Optional.of(string(c, prefix, key, ""));
    }

    public boolean bool(Config c, String prefix, String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected true or false");
        } catch (ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected true or false, got " + typeName(c.getValue(key)));
        }
        return true;
    }

    public int intInRange(Config c, String prefix, String key, int min, int max, int placeholder) {
        try {
            if (c.getValue(key).unwrapped() instanceof Double d && d != Math.rint(d)) {
                // Typesafe Config's getInt truncates: pool-size = 1.5 would be read as 1.
                problem(c.getValue(key).origin(), join(prefix, key), "expected a whole number from " + min + " to " + max + ", got "
                        + c.getValue(key).render());
                return placeholder;
            }
            int value = c.getInt(key);
            if (value < min || value > max) {
                problem(c.getValue(key).origin(), join(prefix, key), "expected a whole number from " + min + " to " + max + ", got " + value);
                return placeholder;
            }
            return value;
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected a whole number from " + min + " to " + max);
        } catch (ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected a whole number, got " + typeName(c.getValue(key)));
        }
        return placeholder;
    }

    /** A positive duration such as {@code 10s} or {@code 30d}. */
    public Duration positiveDuration(Config c, String prefix, String key, Duration placeholder) {
        try {
            Duration d = c.getDuration(key);
            if (d.isNegative() || d.isZero()) {
                problem(c.getValue(key).origin(), join(prefix, key), "expected a positive duration (e.g. 10s, 5m, 30d), got " + c.getValue(key).unwrapped());
                return placeholder;
            }
            return d;
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected a duration (e.g. 10s, 5m, 30d)");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected a duration (e.g. 10s, 5m, 30d), got "
                    + c.getValue(key).render(com.typesafe.config.ConfigRenderOptions.concise()));
        }
        return placeholder;
    }

    /**
     * A duration from {@code min} to {@code max}: below a floor a value is a typo or a busy loop
     * (Quartz refuses a 1ns repeat interval with a trace), above a ceiling it overflows the int
     * milliseconds Kafka and Quartz take.
     */
    public Duration durationInRange(Config c, String prefix, String key, Duration min, Duration max, Duration placeholder) {
        if (!c.hasPath(key)) {
            return positiveDuration(c, prefix, key, placeholder);
        }
        int before = problemCount();
        Duration d = positiveDuration(c, prefix, key, placeholder);
        if (problemCount() > before) {
            return placeholder;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected a duration from " + format(min) + " to " + format(max) + ", got "
                    + c.getValue(key).unwrapped());
            return placeholder;
        }
        return d;
    }

    /** {@link #durationInRange} for an optional key. */
    public Duration durationInRangeOr(Config c, String prefix, String key, Duration min, Duration max, Duration fallback) {
        return c.hasPath(key) ? durationInRange(c, prefix, key, min, max, fallback) : fallback;
    }

    /** A bound as an operator would write it in HOCON: the largest unit that divides it (1s, 100ms, 24d). */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() + "ns";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    public Config object(Config c, String prefix, String key) {
        try {
            return c.getConfig(key);
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected an object { ... }");
        } catch (ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected an object { ... }, got " + typeName(c.getValue(key)));
        }
        return com.typesafe.config.ConfigFactory.empty();
    }

    public List<String> stringList(Config c, String prefix, String key) {
        try {
            return c.getStringList(key);
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected a list of strings");
        } catch (ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected a list of strings, got " + typeName(c.getValue(key)));
        }
        return List.of();
    }

    public double doubleInRange(Config c, String prefix, String key, double min, double max, String expected, double placeholder) {
        try {
            double value = c.getDouble(key);
            if (Double.isNaN(value) || value < min || value > max) {
                problem(c.getValue(key).origin(), join(prefix, key), "expected " + expected + ", got " + c.getValue(key).render());
                return placeholder;
            }
            return value;
        } catch (ConfigException.Missing e) {
            problem(c.origin(), join(prefix, key), "missing; expected " + expected);
        } catch (ConfigException.WrongType e) {
            problem(c.getValue(key).origin(), join(prefix, key), "expected " + expected + ", got " + typeName(c.getValue(key)));
        }
        return placeholder;
    }

    public boolean boolOr(Config c, String prefix, String key, boolean fallback) {
        return c.hasPath(key) ? bool(c, prefix, key) : fallback;
    }

    public Duration durationOr(Config c, String prefix, String key, Duration fallback) {
        return c.hasPath(key) ? positiveDuration(c, prefix, key, fallback) : fallback;
    }

    public Optional<Duration> optionalDuration(Config c, String prefix, String key) {
        return c.hasPath(key) ? Optional.of(positiveDuration(c, prefix, key, Duration.ofSeconds(1))) : Optional.empty();
    }

    /** Reports a problem unless exactly one of {@code keys} is set; returns the one set, if exactly one is. */
    public Optional<String> exactlyOne(Config c, String prefix, List<String> keys, ConfigOrigin where) {
        List<String> present = keys.stream().filter(c::hasPath).toList();
        if (present.size() == 1) {
            return Optional.of(present.get(0));
        }
        problem(present.isEmpty() ? where : c.getValue(present.get(1)).origin(), prefix,
                (present.isEmpty() ? "missing; expected one of " : "expected only one of ") + String.join(", ", keys)
                        + (present.isEmpty() ? "" : ", got " + String.join(" and ", present)));
        return Optional.empty();
    }

    public static String join(String prefix, String key) {
        return prefix == null || prefix.isEmpty() ? key : prefix + "." + key;
    }

    static String typeName(ConfigValue value) {
        ConfigValueType type = value.valueType();
        return switch (type) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NUMBER -> "a number (" + value.render() + ")";
            case BOOLEAN -> "a boolean (" + value.render() + ")";
            case NULL -> "null";
            case STRING -> "a string (" + value.render() + ")";
        };
    }

    /** The known key nearest to {@code key} by edit distance, if it is a plausible typo. */
    public static Optional<String> closest(String key, Set<String> known) {
        return known.stream()
                .map(k -> new Object() {
                    final String name = k;
                    final int distance = editDistance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
                })
                .filter(c -> c.distance <= Math.max(2, key.length() / 2))
                .min(Comparator.comparingInt(c -> c.distance))
                .map(c -> c.name);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
