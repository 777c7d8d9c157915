package dev.kafkaremediator.cli;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.act.ActionStep;
import dev.kafkaremediator.act.HeapDumpStep;
import dev.kafkaremediator.config.RemediatorConfig;
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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "How long the dump may take (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    ActionStep<?, ?> step(ActionContext context, RemediatorConfig config, ClusterConnections connections, ActionEvents events) {
        return new HeapDumpStep(context, broker, live, ActionDefaults.limits("heap-dump"), Duration.ofSeconds(timeoutSeconds));
    }
}
