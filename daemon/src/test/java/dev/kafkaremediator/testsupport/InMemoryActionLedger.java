package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.guard.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The action ledger in memory. */
public final class InMemoryActionLedger implements ActionLedger {
    public record Entry(String cluster, String action, String target, Instant at) { }

    public final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized List<Instant> runs(String cluster, String action, String target, Instant since) {
        return entries.stream().filter(e -> e.cluster().equals(cluster) && e.action().equals(action) && e.target().equals(target)
                && !e.at().isBefore(since)).map(Entry::at).sorted().toList();
    }

    @Override
    public synchronized Verdict recordIfAllowed(String cluster, String action, String target, Instant since, Instant at,
                                                Function<List<Instant>, Verdict> check) {
        Verdict verdict = check.apply(runs(cluster, action, target, since));
        if (verdict.allowed()) {
            record(cluster, action, target, at);
        }
        return verdict;
    }

    @Override
    public synchronized void record(String cluster, String action, String target, Instant at) {
        entries.add(new Entry(cluster, action, target, at));
    }
}
