package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.config.policy.ActionDefaults;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "expire-producers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Expire idle producer ids everywhere (KIP-854): set the cluster default producer.id.expiration.ms for a while,",
                "wait for ProducerIdCount to fall, restore the previous value. No data is deleted. Exit 0 done, 2 error, 3 refused."})
final class ExpireProducersCommand extends ManualActionCommand {
    @Option(names = "--expiration", paramLabel = "SECONDS", defaultValue = "60",
            description = "producer.id.expiration.ms to set, in seconds (default ${DEFAULT-VALUE}).")
    long expirationSeconds;

    @Option(names = "--await", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the counts to fall; the brokers check every producer.id.expiration.check.interval.ms"
                    + " (default 10 min!) (default ${DEFAULT-VALUE}).")
    long awaitSeconds;

    @Option(names = "--keep", description = "Keep the new value instead of restoring the previous one.")
    boolean keep;

    @Override
    Action action(ClusterConfig cluster, ClusterSnapshot snapshot) {
        if (expirationSeconds < 1 || awaitSeconds < 1) {
            throw new CommandFailure(ExitCodes.ERROR, "--expiration and --await must be at least 1 second");
        }
        return new Action.ExpireProducers(cluster.name(), Duration.ofSeconds(expirationSeconds), Duration.ofSeconds(awaitSeconds), !keep,
                ActionDefaults.limits("expire-producers"));
    }
}
