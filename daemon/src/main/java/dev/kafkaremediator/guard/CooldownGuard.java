package dev.kafkaremediator.guard;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Is the action on this target out of its cooldown and under its daily maximum? Overridable by an operator with a reason. */
public final class CooldownGuard {
    public static final String NAME = "cooldown";

    private final ActionLedger ledger;

    public CooldownGuard(ActionLedger ledger) {
        this.ledger = ledger;
    }

    public Verdict check(String cluster, String action, String target, ActionLimits limits, Instant now) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
        List<Instant> runs = ledger.runs(cluster, action, target, now.minus(limits.cooldown()).isBefore(dayAgo) ? now.minus(limits.cooldown()) : dayAgo);
        if (!runs.isEmpty()) {
            Instant last = runs.get(runs.size() - 1);
            if (now.isBefore(last.plus(limits.cooldown()))) {
                return Verdict.refuse(NAME, true, action + " on " + target + " ran at " + last + "; cooldown " + Durations.format(limits.cooldown())
                        + " until " + last.plus(limits.cooldown()));
            }
        }
        long today = runs.stream().filter(t -> !t.isBefore(dayAgo)).count();
        if (today >= limits.maxPerDay()) {
            return Verdict.refuse(NAME, true, action + " on " + target + " ran " + today + " times in 24h; at most " + limits.maxPerDay());
        }
        return Verdict.allow(NAME, "no " + action + " on " + target + " within the cooldown, " + today + " of " + limits.maxPerDay() + " today");
    }
}
