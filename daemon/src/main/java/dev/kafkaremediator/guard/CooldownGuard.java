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
        return verdict(ledger.runs(cluster, action, target, since(limits, now)), action, target, limits, now);
    }

    /**
     * The same check, and the run entered in the ledger if it passes (or {@code force}d past it), as one
     * step across processes: two runners that both checked cannot both record within one cooldown.
     * Returns the check's verdict; a forced run is recorded whatever it says.
     */
    public Verdict checkAndRecord(String cluster, String action, String target, ActionLimits limits, Instant now, boolean force) {
        Verdict[] checked = new Verdict[1];
        ledger.recordIfAllowed(cluster, action, target, since(limits, now), now, runs -> {
            checked[0] = verdict(runs, action, target, limits, now);
            return force && checked[0].overridable() ? Verdict.allow(NAME, "forced") : checked[0];
        });
        return checked[0];
    }

    private static Instant since(ActionLimits limits, Instant now) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return now.minus(limits.cooldown()).isBefore(dayAgo) ? now.minus(limits.cooldown()) : dayAgo;
    }

    private static Verdict verdict(List<Instant> runs, String action, String target, ActionLimits limits, Instant now) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
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
