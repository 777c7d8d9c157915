package dev.kafkaremediator.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two clusters that list one bootstrap address are one cluster watched under two names: each has its
 * own cooldowns and daily limits, so each may act as if the other did not exist. A warning, not an
 * error: a benchmark (bench-fleet.sh) lists one local cluster under many names on purpose.
 */
public final class SharedBootstrap {
    private SharedBootstrap() {
    }

    /** One line per cluster that shares an address with a cluster before it in name order. */
    public static List<String> warnings(Map<String, ClusterConfig> clusters) {
        Map<String, String> firstBy = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (ClusterConfig cluster : new TreeMap<>(clusters).values()) {
            for (String address : cluster.bootstrapServers().split(",")) {
                String key = address.strip().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                String earlier = firstBy.putIfAbsent(key, cluster.name());
                if (earlier != null && !earlier.equals(cluster.name())) {
                    out.add("cluster '" + cluster.name() + "' lists " + address.strip() + " as cluster '" + earlier + "' does: one cluster watched"
                            + " under two names has two sets of cooldowns and daily limits, each acting as if the other did not exist; define it once");
                    break;
                }
            }
        }
        return out;
    }
}
