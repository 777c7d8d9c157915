package dev.kafkaremediator.observe;

import java.util.Optional;

/** The topic configs that matter to the remediator, as the cluster resolves them (topic value or broker default). */
public record TopicConfigs(Optional<Long> retentionMs, Optional<String> cleanupPolicy, Optional<Integer> minInsyncReplicas) {

    /** {@code retention.ms = -1}: data kept forever, as on the incident's topics. */
    public boolean retainedForever() {
        return retentionMs.map(ms -> ms < 0).orElse(false);
    }
}
