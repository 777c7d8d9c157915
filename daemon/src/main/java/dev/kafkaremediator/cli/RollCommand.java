package dev.kafkaremediator.cli;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionEvents;
import dev.kafkaremediator.act.ActionStep;
import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.RollStep;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.observe.ClusterConnections;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "roll", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restart brokers one at a time with the cluster's restart-command, the active controller last.",
                "Before each stop every partition must keep min.insync.replicas without the broker, no other broker may be missing, no",
                "partition offline or reassigning, and the controller quorum must keep a majority; after each restart the broker must be",
                "registered, RUNNING, and the cluster in sync. The first failure stops the roll; --resume continues an interrupted one.",
                "--dry-run prints the order and each broker's can-roll verdict. Exit 0 done, 2 error or stopped, 3 refused."})
final class RollCommand extends ManualActionCommand {
    @Option(names = "--brokers", split = ",", paramLabel = "ID", description = "Only these brokers (default: all).")
    List<Integer> brokers = new ArrayList<>();

    @Option(names = "--resume", description = "Continue the interrupted or stopped roll of this cluster, re-running the checks.")
    boolean resume;

    @Override
    ActionStep<?, ?> step(ActionContext context, RemediatorConfig config, ClusterConnections connections, ActionEvents events) {
        if (resume && !brokers.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, "--resume continues the journaled roll; it takes no --brokers");
        }
        return new RollStep(context, () -> connections.observer().observe(), new FileRollJournal(config.stateDir().resolve("rolls")), events, brokers,
                resume);
    }
}
