package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.config.ConfigProblem;
import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.RemediatorConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, default $REMEDIATOR_CONFIG, else /etc/kafka-remediator/remediator.conf. */
final class ConfigOption {
    static final String DEFAULT = "/etc/kafka-remediator/remediator.conf";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $REMEDIATOR_CONFIG, else " + DEFAULT + ").")
    Path config;

    Path path() {
        if (config != null) {
            return config;
        }
        String fromEnv = System.getenv("REMEDIATOR_CONFIG");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT);
    }

    RemediatorConfig load() throws InvalidConfigException {
        return ConfigLoader.load(path());
    }

    /** The named cluster, or every configured cluster in name order; an unknown name or none configured is exit 2. */
    java.util.List<dev.kafkaremediator.config.ClusterConfig> clusters(RemediatorConfig config, String name) throws InvalidConfigException {
        if (name != null) {
            try {
                return java.util.List.of(config.cluster(name));
            } catch (java.util.NoSuchElementException e) {
                throw new CommandFailure(ExitCodes.ERROR, e.getMessage());
            }
        }
        requireClusters(config, path());
        return config.clusters().values().stream().sorted(java.util.Comparator.comparing(dev.kafkaremediator.config.ClusterConfig::name)).toList();
    }

    /** What run refuses and validate reports, in the same words: a configuration that watches nothing. */
    static void requireClusters(RemediatorConfig config, Path file) throws InvalidConfigException {
        if (config.clusters().isEmpty()) {
            throw new InvalidConfigException(java.util.List.of(new ConfigProblem(file.toString(), -1, "remediator.clusters",
                    "no clusters configured; expected at least one: clusters { NAME { bootstrap-servers = \"host:9092\" } }")));
        }
    }
}
