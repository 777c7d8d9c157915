package dev.kafkaremediator.plan;

import java.util.Optional;

/**
 * One step of a remediation plan, saying exactly what it would change before anything is done.
 * A step that will not run says why ({@code skipped}): off in the policy, withheld, no target.
 */
public record Step(int order, String action, String target, String description, Optional<String> skipped) {

    public boolean runnable() {
        return skipped.isEmpty();
    }
}
