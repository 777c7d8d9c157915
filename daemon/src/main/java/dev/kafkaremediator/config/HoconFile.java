package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Parses one HOCON file for the strict readers: a syntax error, an unset substitution or a file
 * nested too deeply for the parser becomes a {@link ConfigProblem} with the file (and the line
 * where the parser knows it), never a trace.
 */
public final class HoconFile {
    /** How deep policy conditions may nest; documented in the README, checked by the policy reader with the line. */
    public static final int MAX_CONDITION_DEPTH = 32;

    private HoconFile() {
    }

    /**
     * @param complete what to do with the parsed file before it is read (fallbacks, resolving substitutions);
     *                 its errors are reported like the parser's
     */
    public static Optional<Config> parse(Path file, StrictConfig strict, UnaryOperator<Config> complete) {
        try {
            return Optional.of(complete.apply(ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))));
        } catch (ConfigException e) {
            strict.problem(e.origin(), null, e.getMessage().replaceFirst("^.*?: \\d+: ", ""));
        } catch (StackOverflowError e) {
            // Typesafe Config parses recursively: about a thousand nested { } or [ ] exhaust the stack before any
            // reader could count the levels. The whole parse unwinds here, nothing half-built survives it.
            strict.problems().add(new ConfigProblem(file.toString(), -1, null, "nested too deeply to parse (hundreds of levels of { } or [ ]);"
                    + " policy conditions may nest at most " + MAX_CONDITION_DEPTH + " levels"));
        }
        return Optional.empty();
    }
}
