package dev.kafkaremediator.config.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One named policy: when it is evaluated, on which clusters and entities, the conditions, and the
 * actions in escalation order. {@code dryRun} can only make things safer: the effective dry-run is
 * the global setting or this one. {@code withholdAboveUnreachableShare}: when more than this
 * share of the cluster's brokers is unreachable, only notifications go out.
 */
public record Policy(String name, String file, int line, String description, Schedule schedule, Set<String> clusters, Scope scope,
                     TopicFilter topics, Condition when, List<ActionSpec> actions, Severity severity, boolean dryRun,
                     List<MaintenanceWindow> maintenance, boolean paused, Optional<Instant> pausedUntil,
                     double withholdAboveUnreachableShare) {

    public static final String ALL_CLUSTERS = "*";

    public Policy {
        clusters = Set.copyOf(clusters);
        actions = List.copyOf(actions);
        maintenance = List.copyOf(maintenance);
    }

    public boolean appliesTo(String cluster) {
        return clusters.contains(ALL_CLUSTERS) || clusters.contains(cluster);
    }

    /** Paused, or inside a maintenance window: findings are recorded, actions are not taken. */
    public Optional<String> suppression(Instant now) {
        if (paused) {
            return Optional.of("policy " + name + " is paused");
        }
        if (pausedUntil.isPresent() && now.isBefore(pausedUntil.get())) {
            return Optional.of("policy " + name + " is paused until " + pausedUntil.get());
        }
        return maintenance.stream().filter(w -> w.contains(now)).findFirst()
                .map(w -> "maintenance window (" + w.cron() + " for " + w.duration() + ")");
    }

    public boolean effectiveDryRun(boolean globalDryRun) {
        return globalDryRun || dryRun;
    }
}
