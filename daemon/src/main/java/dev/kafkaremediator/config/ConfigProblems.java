package dev.kafkaremediator.config;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems of one read, the first {@value #KEPT} of them kept and the rest counted: a file of
 * 100,000 unknown keys printed 17.9 MB of errors, and holding them all costs heap a daemon
 * reloading its configuration may not have. The first hundred say what is wrong; the count says
 * how much more there is.
 */
public final class ConfigProblems extends AbstractList<ConfigProblem> {
    public static final int KEPT = 100;

    private final List<ConfigProblem> kept = new ArrayList<>();
    private int omitted;

    @Override
    public boolean add(ConfigProblem problem) {
        if (kept.size() < KEPT) {
            kept.add(problem);
        } else {
            omitted++;
        }
        return true;
    }

    @Override
    public ConfigProblem get(int index) {
        return kept.get(index);
    }

    /** The problems kept. */
    @Override
    public int size() {
        return kept.size();
    }

    /** Problems found beyond the ones kept. */
    public int omitted() {
        return omitted;
    }

    /** Every problem found, kept or not. */
    public int total() {
        return kept.size() + omitted;
    }
}
