package dev.kafkaremediator.plan;

import java.util.Optional;

/**
 * One step of a remediation plan: its place in the escalation order and the typed action with
 * every parameter it runs with. A step that will not run says why ({@code skipped}): off in the
 * policy, withheld, no target, no restart command.
 */
public record Step(int order, Action action, Optional<String> skipped) {

    public boolean runnable() {
        return skipped.isEmpty();
    }

    public String kind() {
        return action.kind();
    }

    public String target() {
        return action.target();
    }

    public String description() {
        return action.description();
    }

    /** One line, as plans are printed and audited. */
    public String summary() {
        return order + ". " + kind() + " -> " + target() + skipped.map(w -> " [skipped: " + w + "]").orElse("");
    }
}
