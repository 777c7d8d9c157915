package dev.kafkaremediator.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One watched cluster. {@code heapDumpDir} is a directory on the brokers' hosts (heap dumps are
 * written by the broker JVM itself). {@code adminProperties} pass through to the Kafka Admin client and may
 * hold secrets (SASL, SSL), so {@link #toString()} shows only their keys.
 */
public record ClusterConfig(String name, String bootstrapServers, Map<String, String> adminProperties, JmxSettings jmx,
                            ObserveTimeouts timeouts, int censusBatchSize, List<String> restartCommand,
                            java.nio.file.Path heapDumpDir, RollSettings roll) {

    public ClusterConfig {
        adminProperties = Map.copyOf(adminProperties);
        restartCommand = List.copyOf(restartCommand);
    }

    @Override
    public String toString() {
        return "ClusterConfig[name=" + name + ", bootstrapServers=" + bootstrapServers + ", adminProperties="
                + adminProperties.keySet().stream().sorted().collect(Collectors.joining(",", "{", "}")) + " (values redacted), jmx=" + jmx
                + ", timeouts=" + timeouts + ", censusBatchSize=" + censusBatchSize + ", restartCommand=" + restartCommand
                + ", heapDumpDir=" + heapDumpDir + ", roll=" + roll + "]";
    }
}
