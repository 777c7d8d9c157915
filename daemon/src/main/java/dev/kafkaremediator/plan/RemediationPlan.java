package dev.kafkaremediator.plan;

import dev.kafkaremediator.evaluate.Finding;
import java.util.List;

/** The ordered steps (escalation order) for one finding; dry-run plans are the same steps, never executed. */
public record RemediationPlan(Finding finding, List<Step> steps, boolean dryRun) {
    public RemediationPlan {
        steps = List.copyOf(steps);
    }
}
