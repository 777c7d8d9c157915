package dev.kafkaremediator.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is not usable; carries every problem found, not just the first. */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;
    private final int omitted;

    /** {@code problems}: all of them, or the first ones of a {@link ConfigProblems}, whose count of the others is kept. */
    public InvalidConfigException(List<ConfigProblem> problems) {
        this(problems, problems instanceof ConfigProblems capped ? capped.omitted() : 0);
    }

    public InvalidConfigException(List<ConfigProblem> problems, int omitted) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")) + (omitted > 0 ? "\n" + more(omitted) : ""));
        this.problems = List.copyOf(problems);
        this.omitted = omitted;
    }

    /** The problems reported (at most {@link ConfigProblems#KEPT} of one read). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Problems found beyond those in {@link #problems()}. */
    public int omitted() {
        return omitted;
    }

    /** Every problem found. */
    public int total() {
        return problems.size() + omitted;
    }

    /** The line that stands for the problems not shown. */
    public static String more(int omitted) {
        return String.format(java.util.Locale.ROOT, "... and %,d more problem%s (the first %d are shown)", omitted, omitted == 1 ? "" : "s",
                ConfigProblems.KEPT);
    }
}
