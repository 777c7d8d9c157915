package dev.kafkaremediator.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Locale;

/**
 * A duration given on the command line: HOCON's form (7d, 12h, 30m) as in the configuration, or
 * ISO-8601 (PT30M); positive and at most {@code max}, so that "now minus it" is a real instant. A bare
 * number is refused: HOCON would read it as milliseconds, which nobody typing {@code --timeout 30} means.
 * Every error names the option it came from.
 */
final class DurationArgument {
    /** Ten years: any further back is before the remediator's state could exist, and far beyond Instant's range issues. */
    static final Duration MAX = Duration.ofDays(3650);

    private DurationArgument() {
    }

    static Duration parse(String option, String text) {
        if (text.strip().matches("[-+]?\\d+(\\.\\d+)?")) {
            // HOCON reads a bare number as milliseconds: "--timeout 30" meant 30 ms, never what was meant. Say the unit.
            throw new CommandFailure(ExitCodes.ERROR, option + ": a number needs its unit: " + text.strip() + "s, " + text.strip()
                    + "m or " + text.strip() + "d (or ISO-8601 such as PT" + text.strip() + "S), got '" + text + "'");
        }
        Duration d;
        try {
            d = text.toUpperCase(Locale.ROOT).startsWith("P") || text.toUpperCase(Locale.ROOT).startsWith("-P") ? Duration.parse(text)
                    : ConfigFactory.parseString("d = \"" + text.replace("\\", "").replace("\"", "") + "\"").getDuration("d");
        } catch (ConfigException | DateTimeException | ArithmeticException e) {
            throw new CommandFailure(ExitCodes.ERROR, option + ": expected a duration such as 7d, 12h or PT30M, got '" + text + "'");
        }
        return d;
    }

    /** {@link #parse}, then positive and at most {@link #MAX}; {@code meaning} says what a zero or negative value would have done. */
    static Duration positive(String option, String text, String meaning) {
        Duration d = parse(option, text);
        if (d.isNegative() || d.isZero()) {
            throw new CommandFailure(ExitCodes.ERROR, option + ": expected a positive age such as 7d, got '" + text + "'" + meaning);
        }
        if (d.compareTo(MAX) > 0) {
            throw new CommandFailure(ExitCodes.ERROR, option + ": expected at most " + MAX.toDays() + "d, got '" + text + "'");
        }
        return d;
    }
}
