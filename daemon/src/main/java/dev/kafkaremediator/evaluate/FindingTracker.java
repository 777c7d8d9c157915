package dev.kafkaremediator.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One ongoing problem is one finding: a policy's evaluation of a cluster opens findings it has not
 * seen, updates the ones still there, and resolves those that are gone. Pure: state in, state out.
 */
public final class FindingTracker {
    private FindingTracker() {
    }

    /** The open findings after an evaluation, and what changed. */
    public record Transition(Map<String, OpenFinding> open, List<OpenFinding> opened, List<OpenFinding> updated, List<OpenFinding> resolved) {
        public Transition {
            open = Map.copyOf(open);
            opened = List.copyOf(opened);
            updated = List.copyOf(updated);
            resolved = List.copyOf(resolved);
        }
    }

    /**
     * @param open     the open findings of this cluster (all policies)
     * @param policy   the policy just evaluated: only its findings can open, update or resolve
     * @param findings what the evaluation found
     */
    public static Transition apply(Map<String, OpenFinding> open, String policy, List<Finding> findings, Instant now) {
        Map<String, OpenFinding> next = new LinkedHashMap<>(open);
        List<OpenFinding> opened = new ArrayList<>();
        List<OpenFinding> updated = new ArrayList<>();
        Map<String, Finding> current = findings.stream().collect(Collectors.toMap(Finding::key, f -> f, (a, b) -> a, LinkedHashMap::new));
        for (Finding f : current.values()) {
            OpenFinding before = open.get(f.key());
            String summary = f.metEvidence().stream().map(Evidence::summary).collect(Collectors.joining("; "));
            if (before == null) {
                OpenFinding o = new OpenFinding(f.key(), f.policy(), f.entity().toString(), f.severity().name().toLowerCase(Locale.ROOT), now, now, 1,
                        summary, List.of(), "");
                next.put(f.key(), o);
                opened.add(o);
            } else {
                OpenFinding o = new OpenFinding(f.key(), f.policy(), before.entity(), f.severity().name().toLowerCase(Locale.ROOT), before.firstSeen(),
                        now, before.evaluations() + 1, summary, before.attempted(), before.halted());
                next.put(f.key(), o);
                updated.add(o);
            }
        }
        List<OpenFinding> resolved = new ArrayList<>();
        for (OpenFinding o : open.values()) {
            if (o.policy().equals(policy) && !current.containsKey(o.key())) {
                next.remove(o.key());
                resolved.add(o);
            }
        }
        return new Transition(next, opened, updated, resolved);
    }
}
