package dev.kafkaremediator.act;

import dev.kafkaremediator.guard.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How one action ended: refused by a guard, printed as a dry run, not confirmed, done (with its effect), or failed. */
public record RunResult(Status status, Map<String, Object> plan, List<Verdict> verdicts, Optional<Verdict> refusedBy, Optional<Effect> effect,
                        Optional<String> failure) {

    public enum Status {
        REFUSED, DRY_RUN, DECLINED, DONE, FAILED
    }

    public RunResult {
        plan = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plan));
        verdicts = List.copyOf(verdicts);
    }
}
