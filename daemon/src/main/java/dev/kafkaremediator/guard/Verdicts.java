package dev.kafkaremediator.guard;

import java.util.List;
import java.util.Optional;

/** All guards' verdicts on one step, and whether the step may go ahead (forced past overridable refusals, if asked). */
public record Verdicts(List<Verdict> all) {

    public Verdicts {
        all = List.copyOf(all);
    }

    public List<Verdict> refusals() {
        return all.stream().filter(v -> !v.allowed()).toList();
    }

    /** The first refusal that stands: any refusal without force, a non-overridable one even with force. */
    public Optional<Verdict> blocking(boolean force) {
        return refusals().stream().filter(v -> !force || !v.overridable()).findFirst();
    }
}
