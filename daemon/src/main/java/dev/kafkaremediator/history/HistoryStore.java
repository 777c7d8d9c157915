package dev.kafkaremediator.history;

import java.time.Instant;
import java.util.List;

/**
 * Recent samples per cluster, kept so rates and forecasts survive a restart of the remediator.
 * File-based by default ({@link FileHistoryStore}); callers never depend on files.
 */
public interface HistoryStore {

    /** Records a sample unless one was recorded less than the minimum interval ago; returns whether it was recorded. */
    boolean append(String cluster, Sample sample) throws HistoryException;

    /** The cluster's samples since {@code since}, oldest first, with any damaged records that were skipped. */
    HistoryRead read(String cluster, Instant since) throws HistoryException;

    /** Samples, and what was skipped because it was damaged (file, line, why). Damage is reported, never fatal. */
    record HistoryRead(List<Sample> samples, List<String> skipped) {
        public HistoryRead {
            samples = List.copyOf(samples);
            skipped = List.copyOf(skipped);
        }
    }
}
