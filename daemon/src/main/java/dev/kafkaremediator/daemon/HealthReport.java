package dev.kafkaremediator.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's health. Healthy while every cluster answered within the last three observe
 * intervals and the state directory takes writes; a daemon younger than three intervals is not
 * held to the first part yet. Unhealthy is what a supervisor or an alert should see: a remediator
 * that cannot reach a cluster cannot protect it, and one that cannot write its state cannot
 * remember cooldowns or audit what it does.
 */
public record HealthReport(boolean healthy, Instant now, Map<String, ClusterHealth> clusters, Optional<String> stateProblem) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One cluster: when it was last observed, and when it last answered. */
    public record ClusterHealth(Optional<Instant> lastSnapshot, Optional<Instant> lastReachable) {
        public static ClusterHealth never() {
            return new ClusterHealth(Optional.empty(), Optional.empty());
        }

        boolean reachableWithin(Instant now, Duration grace) {
            return lastReachable.map(at -> now.isBefore(at.plus(grace))).orElse(false);
        }
    }

    public HealthReport {
        clusters = Map.copyOf(clusters);
    }

    /**
     * @param stateProblem why the state directory does not take writes, if it does not
     */
    public static HealthReport of(Instant started, Instant now, Duration interval, Map<String, ClusterHealth> clusters,
                                  Optional<String> stateProblem) {
        Duration grace = interval.multipliedBy(3);
        boolean young = now.isBefore(started.plus(grace));
        boolean clustersOk = young || clusters.values().stream().allMatch(c -> c.reachableWithin(now, grace));
        return new HealthReport(clustersOk && stateProblem.isEmpty(), now, clusters, stateProblem);
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", healthy ? "UP" : "DOWN");
        root.put("now", now.toString());
        ObjectNode nodes = root.putObject("clusters");
        new java.util.TreeMap<>(clusters).forEach((cluster, h) -> nodes.putObject(cluster)
                .put("lastSnapshot", h.lastSnapshot().map(Instant::toString).orElse(null))
                .put("lastReachable", h.lastReachable().map(Instant::toString).orElse(null)));
        ObjectNode state = root.putObject("stateDir");
        state.put("writable", stateProblem.isEmpty());
        stateProblem.ifPresent(p -> state.put("problem", p));
        return root.toString();
    }
}
