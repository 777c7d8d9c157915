package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.plan.TrimLimits;
import dev.kafkaremediator.config.policy.ActionDefaults;
import dev.kafkaremediator.config.policy.TopicFilter;
import dev.kafkaremediator.plan.TrimPlanner;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete a topic's records up to an age, an offset, or its end (deleteRecords): they are gone for good.",
                "Never Kafka's own topics; never past a consumer group's committed offset unless --allow-past-consumers;",
                "within --max-partitions, --max-records and --max-fraction. A trim alone frees no producer-id state (KIP-360):",
                "restart the brokers holding the replicas afterwards. Exit 0 done, 2 error, 3 refused by a guard."})
final class TrimCommand extends ManualActionCommand {
    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic (repeatable).")
    List<String> topics;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Extent extent;

    static final class Extent {
        @Option(names = "--older-than", paramLabel = "DURATION", description = "Records older than this (e.g. 7d, 12h, PT30M).")
        String olderThan;

        @Option(names = "--to-offset", paramLabel = "OFFSET", description = "Every partition up to this offset.")
        Long toOffset;

        @Option(names = "--to-end", description = "Everything up to the high watermark.")
        boolean toEnd;
    }

    @Option(names = "--allow-past-consumers", description = "Trim even records a consumer group has not consumed (committed) yet.")
    boolean allowPastConsumers;

    @Option(names = "--max-partitions", defaultValue = "100", description = "At most this many partitions (default ${DEFAULT-VALUE}).")
    int maxPartitions;

    @Option(names = "--max-records", defaultValue = "10000000", description = "At most this many records (default ${DEFAULT-VALUE}).")
    long maxRecords;

    @Option(names = "--max-fraction", defaultValue = "0.5", description = "At most this share of a topic's records (default ${DEFAULT-VALUE}).")
    double maxFraction;

    @Override
    void checkOptions() {
        if (Double.isNaN(maxFraction) || maxFraction <= 0 || maxFraction > 1) {
            throw new CommandFailure(ExitCodes.ERROR, "--max-fraction: expected a share of a topic above 0 and at most 1, got " + maxFraction);
        }
        if (maxPartitions < 1) {
            throw new CommandFailure(ExitCodes.ERROR, "--max-partitions: expected 1 or more, got " + maxPartitions);
        }
        if (maxRecords < 1) {
            throw new CommandFailure(ExitCodes.ERROR, "--max-records: expected 1 or more, got " + maxRecords);
        }
        if (extent.toOffset != null && extent.toOffset < 0) {
            throw new CommandFailure(ExitCodes.ERROR, "--to-offset: expected an offset, 0 or more, got " + extent.toOffset);
        }
        if (extent.olderThan != null) {
            DurationArgument.positive("--older-than", extent.olderThan, " (a trim of records older than that would remove everything)");
        }
        if (topics.stream().anyMatch(String::isBlank)) {
            throw new CommandFailure(ExitCodes.ERROR, "--topic: expected a topic name, got an empty one");
        }
    }

    @Override
    Action action(ClusterConfig cluster, ClusterSnapshot snapshot) {
        TrimPlanner.Extent how = extent.toEnd ? TrimPlanner.Extent.end()
                : extent.toOffset != null ? TrimPlanner.Extent.toOffset(extent.toOffset)
                : TrimPlanner.Extent.olderThan(DurationArgument.parse("--older-than", extent.olderThan));
        // By hand, the topics named on the command line are the allowed ones; Kafka's own never are.
        TopicFilter allowed = new TopicFilter(topics.stream().map(Pattern::quote).map(Pattern::compile).toList(), List.of());
        return new Action.Trim(topics, how, new TrimLimits(allowed, allowPastConsumers, maxPartitions, maxRecords, maxFraction),
                ActionDefaults.limits("trim"));
    }
}
