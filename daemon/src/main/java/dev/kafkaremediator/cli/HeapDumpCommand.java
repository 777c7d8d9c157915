package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.config.policy.ActionDefaults;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "heap-dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a heap dump of one broker through JMX (HotSpotDiagnostic.dumpHeap), under the cluster's heap-dump-dir",
                "on the broker's host. Guarded (path, cooldown per broker) and audited. Exit 0 done, 2 error, 3 refused by a guard."})
final class HeapDumpCommand extends ManualActionCommand {
    @Option(names = "--broker", required = true, paramLabel = "ID", description = "Broker id.")
    int broker;

    @Option(names = "--live", description = "Dump only reachable objects; forces a full GC first (a longer pause).")
    boolean live;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long the dump may take (default: as for the daemon, 600).")
    Long timeoutSeconds;

    @Override
    void checkOptions() {
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw new CommandFailure(ExitCodes.ERROR, "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (timeoutSeconds != null && timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new CommandFailure(ExitCodes.ERROR, "--timeout: expected at most " + MAX_TIMEOUT_SECONDS + " seconds (a day), got " + timeoutSeconds);
        }
        if (broker < 0) {
            throw new CommandFailure(ExitCodes.ERROR, "--broker: expected a broker id, 0 or more, got " + broker);
        }
    }

    /** A dump of the largest heaps takes minutes; a day is a typo. */
    static final long MAX_TIMEOUT_SECONDS = 86_400;

    @Override
    Action action(ClusterConfig cluster, ClusterSnapshot snapshot) {
        RollCommand.requireBrokers(cluster, snapshot, java.util.List.of(broker));
        Duration timeout = timeoutSeconds == null ? ActionDefaults.HEAP_DUMP_TIMEOUT : Duration.ofSeconds(timeoutSeconds);
        return new Action.HeapDump(java.util.List.of(broker), live, timeout, ActionDefaults.limits("heap-dump"));
    }
}
