package dev.kafkaremediator.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a snapshot's sample and reads the recent history back, the snapshot's sample last even
 * when the minimum interval kept it out of the store. History trouble is returned, never thrown:
 * a damaged or unwritable history costs rates, not the observation.
 */
public final class RecentHistory {
    private RecentHistory() {
    }

    public record Read(List<Sample> samples, List<String> problems) {
        public Read {
            samples = List.copyOf(samples);
            problems = List.copyOf(problems);
        }
    }

    /** {@code current}: the sample of the snapshot just taken of {@code cluster}. */
    public static Read recordAndRead(HistoryStore history, String cluster, Sample current, Duration lookback) {
        List<String> problems = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        try {
            history.append(cluster, current);
            HistoryStore.HistoryRead read = history.read(cluster, current.time().minus(lookback));
            problems.addAll(read.skipped());
            samples.addAll(read.samples());
        } catch (HistoryException e) {
            problems.add(e.getMessage());
        }
        samples.removeIf(s -> !s.time().isBefore(current.time()));
        samples.add(current);
        return new Read(samples, problems);
    }
}
