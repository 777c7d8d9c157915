package dev.kafkaremediator.daemon;

import dev.kafkaremediator.config.ClusterConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** How a reloaded set of clusters differs from the one watched: names added, removed, and changed (same name, other settings). */
record FleetChange(List<String> added, List<String> removed, List<String> changed) {

    static FleetChange between(Map<String, ClusterConfig> before, Map<String, ClusterConfig> after) {
        return new FleetChange(
                after.keySet().stream().filter(n -> !before.containsKey(n)).sorted().toList(),
                before.keySet().stream().filter(n -> !after.containsKey(n)).sorted().toList(),
                after.keySet().stream().filter(n -> before.containsKey(n) && !before.get(n).equals(after.get(n))).sorted().toList());
    }

    boolean none() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** The clusters that need a new watch: the added ones and the changed ones. */
    List<String> opened() {
        return Stream.concat(added.stream(), changed.stream()).sorted().toList();
    }
}
