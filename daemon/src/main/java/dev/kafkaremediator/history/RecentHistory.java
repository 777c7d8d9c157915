package dev.kafkaremediator.history;

import dev.kafkaremediator.observe.ClusterSnapshot;
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

    public static Read recordAndRead(HistoryStore history, ClusterSnapshot snapshot, int maxTopics, Duration lookback) {
        Sample current = SampleOf.snapshot(snapshot, maxTopics);
        List<String> problems = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        try {
            history.append(snapshot.cluster(), current);
            HistoryStore.HistoryRead read = history.read(snapshot.cluster(), snapshot.takenAt().minus(lookback));
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
