package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Parses one HOCON file for the strict readers: a syntax error, an unset substitution or a file
 * nested too deeply for the parser becomes a {@link ConfigProblem} with the file (and the line
 * where the parser knows it), never a trace. A file is read whole and Typesafe Config holds about 80
 * bytes of heap per byte of a file of short keys (measured: a 512 KiB file took 38 MB, a 1 MiB
 * one ran a 48 MB heap out of memory): so a file over its kind's bound is refused unread, with its
 * size and the bound, before it can take the daemon down at a start or a reload.
 */
public final class HoconFile {
    /** How deep policy conditions may nest; documented in the README, checked by the policy reader with the line. */
    public static final int MAX_CONDITION_DEPTH = 32;

    /** remediator.conf: about 2,000 clusters listed inline (a larger fleet goes in cluster-dir, one file each). */
    public static final long MAX_CONFIG_BYTES = 256 * 1024;
    /** One file of cluster-dir: one cluster's keys, a few hundred bytes in practice. */
    public static final long MAX_CLUSTER_FILE_BYTES = 64 * 1024;
    /** One policy file: the shipped ones are 0.5 to 4 KB. */
    public static final long MAX_POLICY_FILE_BYTES = 128 * 1024;

    private HoconFile() {
    }

    /**
     * {@link #parse(Path, StrictConfig, UnaryOperator)} of a file of at most {@code maxBytes}; a
     * larger one (or one whose size cannot be read) is a problem at the file and is not read.
     *
     * @param kind what the file is, for the message ("a cluster file")
     */
    public static Optional<Config> parse(Path file, StrictConfig strict, long maxBytes, String kind, UnaryOperator<Config> complete) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            strict.problems().add(new ConfigProblem(file.toString(), -1, null, "cannot read its size: " + e.getMessage()));
            return Optional.empty();
        }
        if (size > maxBytes) {
            strict.problems().add(new ConfigProblem(file.toString(), -1, null, String.format(Locale.ROOT,
                    "%,d bytes; %s may hold at most %,d bytes (%d KiB): not read (the parser needs about 80 times a file's size in heap)",
                    size, kind, maxBytes, maxBytes / 1024)));
            return Optional.empty();
        }
        return parse(file, strict, ConfigParseOptions.defaults().setAllowMissing(false)
                .setIncluder(new BoundedIncluder(file.toAbsolutePath().getParent(), maxBytes, kind)), complete);
    }

    /**
     * @param complete what to do with the parsed file before it is read (fallbacks, resolving substitutions);
     *                 its errors are reported like the parser's
     */
    public static Optional<Config> parse(Path file, StrictConfig strict, UnaryOperator<Config> complete) {
        return parse(file, strict, ConfigParseOptions.defaults().setAllowMissing(false), complete);
    }

    private static Optional<Config> parse(Path file, StrictConfig strict, ConfigParseOptions options, UnaryOperator<Config> complete) {
        try {
            return Optional.of(complete.apply(ConfigFactory.parseFile(file.toFile(), options)));
        } catch (ConfigException e) {
            if (e.origin() == null) {
                // Raised by BoundedIncluder, which is told no origin: the file read is where it is.
                strict.problems().add(new ConfigProblem(file.toString(), -1, null, e.getMessage()));
            } else {
                strict.problem(e.origin(), null, e.getMessage().replaceFirst("^.*?: \\d+: ", ""));
            }
        } catch (StackOverflowError e) {
            // Typesafe Config parses recursively: about a thousand nested { } or [ ] exhaust the stack before any
            // reader could count the levels. The whole parse unwinds here, nothing half-built survives it.
            strict.problems().add(new ConfigProblem(file.toString(), -1, null, "nested too deeply to parse (hundreds of levels of { } or [ ]);"
                    + " policy conditions may nest at most " + MAX_CONDITION_DEPTH + " levels"));
        }
        return Optional.empty();
    }

    /**
     * Whether {@code file} (named *.conf) is a regular file to read; if not, a problem saying what it
     * is instead. A dangling symbolic link or a loop is a cluster meant to be there whose file is not:
     * dropping it without a word would stop watching it silently. (A directory or a FIFO named *.conf
     * is refused too; reading a FIFO would block.)
     *
     * @param what "cluster" or "policy", for the message
     */
    public static boolean regularFile(StrictConfig strict, Path file, String what) {
        if (Files.isRegularFile(file)) {
            return true;
        }
        String is;
        if (Files.isSymbolicLink(file)) {
            String target;
            try {
                target = Files.readSymbolicLink(file).toString();
            } catch (IOException e) {
                target = "?";
            }
            boolean loop = false;
            try {
                file.toRealPath();
            } catch (java.nio.file.FileSystemException e) {
                loop = e.getMessage() != null && e.getMessage().contains("Too many levels of symbolic links");
            } catch (IOException e) {
                loop = false;
            }
            is = loop ? "a symbolic link loop (" + target + ")" : Files.exists(file) ? "a symbolic link to " + target + ", which is not a regular file"
                    : "a symbolic link to " + target + ", which does not exist";
        } else {
            is = Files.isDirectory(file) ? "a directory" : "not a regular file";
        }
        strict.problems().add(new ConfigProblem(file.toString(), -1, null, is + "; expected a " + what + " file (.conf): fix or remove it"));
        return false;
    }

}
