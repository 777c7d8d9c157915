package dev.kafkaremediator.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The remediator's configuration: global settings, the watched clusters by name (from {@code clusters}
 * and from the files of {@code clusterDir}, when set), and where state is kept ({@code store}).
 */
public record RemediatorConfig(Optional<Path> source, Path stateDir, Path policyDir, boolean dryRun, java.time.Duration observeInterval, HttpSettings http,
                               HistorySettings history,
                               Map<String, ClusterConfig> clusters, Map<String, NotifierConfig> notifiers, StoreSettings store,
                               Optional<Path> clusterDir) {

    public RemediatorConfig {
        clusters = Map.copyOf(clusters);
        notifiers = Map.copyOf(notifiers);
        store = store == null ? StoreSettings.files() : store;
        clusterDir = clusterDir == null ? Optional.empty() : clusterDir;
    }

    /** No cluster directory. */
    public RemediatorConfig(Optional<Path> source, Path stateDir, Path policyDir, boolean dryRun, java.time.Duration observeInterval, HttpSettings http,
                            HistorySettings history, Map<String, ClusterConfig> clusters, Map<String, NotifierConfig> notifiers, StoreSettings store) {
        this(source, stateDir, policyDir, dryRun, observeInterval, http, history, clusters, notifiers, store, Optional.empty());
    }

    /** The same settings watching {@code others} instead (a reload applies only the clusters; see RemediatorDaemon). */
    public RemediatorConfig withClusters(Map<String, ClusterConfig> others) {
        return new RemediatorConfig(source, stateDir, policyDir, dryRun, observeInterval, http, history, others, notifiers, store, clusterDir);
    }

    /** State in files under {@code stateDir} (the default). */
    public RemediatorConfig(Optional<Path> source, Path stateDir, Path policyDir, boolean dryRun, java.time.Duration observeInterval, HttpSettings http,
                            HistorySettings history, Map<String, ClusterConfig> clusters, Map<String, NotifierConfig> notifiers) {
        this(source, stateDir, policyDir, dryRun, observeInterval, http, history, clusters, notifiers, StoreSettings.files());
    }

    public ClusterConfig cluster(String name) {
        ClusterConfig cluster = clusters.get(name);
        if (cluster == null) {
            throw new NoSuchElementException("no cluster named '" + name + "' in " + source.map(Path::toString).orElse("the configuration")
                    + " (configured: " + String.join(", ", new java.util.TreeSet<>(clusters.keySet())) + ")");
        }
        return cluster;
    }
}
