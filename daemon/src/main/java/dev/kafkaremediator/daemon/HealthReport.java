package dev.kafkaremediator.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's health: healthy while every cluster was observed recently (within three observe
 * intervals), or the daemon is younger than that. A cluster that is unreachable still counts as
 * observed: the daemon works, the cluster is what is sick, and /metrics says so.
 */
public record HealthReport(boolean healthy, Instant now, Map<String, Optional<Instant>> lastSnapshots) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static HealthReport of(Instant started, Instant now, Duration interval, Map<String, Optional<Instant>> lastSnapshots) {
        Duration grace = interval.multipliedBy(3);
        boolean young = now.isBefore(started.plus(grace));
        boolean healthy = young || lastSnapshots.values().stream().allMatch(t -> t.map(at -> now.isBefore(at.plus(grace))).orElse(false));
        return new HealthReport(healthy, now, Map.copyOf(lastSnapshots));
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", healthy ? "UP" : "DOWN");
        root.put("now", now.toString());
        ObjectNode clusters = root.putObject("clusters");
        lastSnapshots.forEach((cluster, at) -> clusters.putObject(cluster).put("lastSnapshot", at.map(Instant::toString).orElse(null)));
        return root.toString();
    }
}
