package dev.kafkaremediator.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's health. Healthy while every cluster answered within the last three observe
 * intervals (here, or with several remediators to whichever ran it) and the state takes writes; a daemon younger than three intervals is not
 * held to the first part yet. Unhealthy is what a supervisor or an alert should see: a remediator
 * that cannot reach a cluster cannot protect it, and one that cannot write its state cannot
 * remember cooldowns or audit what it does.
 */
public record HealthReport(boolean healthy, Instant now, Map<String, ClusterHealth> clusters, Optional<String> stateProblem) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One cluster: when this instance last observed it, when it last answered here, and when any
     * instance last reached it (several remediators as one: an instance standing by for a cluster
     * another runs has no recent observation of its own, and is healthy while the other reaches it).
     */
    public record ClusterHealth(Optional<Instant> lastSnapshot, Optional<Instant> lastReachable, Optional<Instant> lastReachableByAny,
                                Optional<String> censusIncomplete) {
        public ClusterHealth(Optional<Instant> lastSnapshot, Optional<Instant> lastReachable) {
            this(lastSnapshot, lastReachable, Optional.empty());
        }

        public ClusterHealth(Optional<Instant> lastSnapshot, Optional<Instant> lastReachable, Optional<Instant> lastReachableByAny) {
            this(lastSnapshot, lastReachable, lastReachableByAny, Optional.empty());
        }

        public static ClusterHealth never() {
            return new ClusterHealth(Optional.empty(), Optional.empty());
        }

        boolean reachableWithin(Instant now, Duration grace) {
            return java.util.stream.Stream.of(lastReachable, lastReachableByAny).flatMap(Optional::stream).anyMatch(at -> now.isBefore(at.plus(grace)));
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
                .put("lastReachable", h.lastReachable().map(Instant::toString).orElse(null))
                .put("lastReachableByAnyInstance", h.lastReachableByAny().map(Instant::toString).orElse(null))
                // A census cut short (a partition too large for the heap, a timeout) leaves the daemon up but partly blind: said, not hidden.
                .put("censusIncomplete", h.censusIncomplete().orElse(null)));
        ObjectNode state = root.putObject("stateDir");
        state.put("writable", stateProblem.isEmpty());
        stateProblem.ifPresent(p -> state.put("problem", p));
        return root.toString();
    }
}
