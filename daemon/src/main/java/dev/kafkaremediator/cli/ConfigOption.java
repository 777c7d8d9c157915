package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ConfigLoader;
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
}
