package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.config.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A policy's conditions hold for one entity of one cluster. Keyed by policy, cluster and entity,
 * so one ongoing problem is one finding that is updated, not a new one every evaluation.
 *
 * @param evidence        every leaf condition's outcome, with its figures
 * @param topTopics       the topics with the most producer-state growth, for producer-id findings
 * @param actionsWithheld why actions other than notifications must not run now (pause, maintenance, too much of the cluster unknown)
 * @param dryRun          the effective dry-run: global or policy, whichever is safer
 */
public record Finding(String policy, String cluster, Entity entity, Severity severity, Instant at, String description, List<Evidence> evidence,
                      List<TopicTrend> topTopics, Optional<String> actionsWithheld, boolean dryRun) {

    public Finding {
        evidence = List.copyOf(evidence);
        topTopics = List.copyOf(topTopics);
    }

    public String key() {
        return policy + "/" + cluster + "/" + entity.scope().name().toLowerCase(java.util.Locale.ROOT) + "/" + entity.id();
    }

    public List<Evidence> metEvidence() {
        return evidence.stream().filter(Evidence::met).toList();
    }
}
