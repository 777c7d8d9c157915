package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.policy.ActionDefaults;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.plan.Planner;
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

    /**
     * The brokers in the plan's order (controller last); leader election as the cluster's roll
     * settings say; the default roll limits (once a day), which a daemon's roll counts against too.
     */
    @Override
    void checkOptions() {
        if (resume && !brokers.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, "--resume continues the journaled roll; it takes no --brokers");
        }
        for (Integer id : brokers) {
            if (id < 0) {
                throw new CommandFailure(ExitCodes.ERROR, "--brokers: expected broker ids, 0 or more, got " + id);
            }
        }
        if (new java.util.HashSet<>(brokers).size() != brokers.size()) {
            throw new CommandFailure(ExitCodes.ERROR, "--brokers: a broker is named twice in " + brokers);
        }
    }

    /** Brokers named on the command line must be in the cluster now: an unknown id would only time out waiting for it. */
    static void requireBrokers(ClusterConfig cluster, ClusterSnapshot snapshot, List<Integer> ids) {
        java.util.Set<Integer> present = new java.util.TreeSet<>(snapshot.brokers().stream().map(BrokerSnapshot::id).toList());
        List<Integer> missing = ids.stream().filter(id -> !present.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, "no broker " + missing.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                    + " in cluster " + cluster.name() + " (brokers: " + present.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    @Override
    Action action(ClusterConfig cluster, ClusterSnapshot snapshot) {
        requireBrokers(cluster, snapshot, brokers);
        List<Integer> chosen = brokers.isEmpty() ? snapshot.brokers().stream().map(BrokerSnapshot::id).toList() : brokers;
        return new Action.Roll(cluster.name(), resume ? List.of() : Planner.controllerLast(chosen, Planner.activeController(snapshot)), resume,
                cluster.roll().preferredLeaderElection(), ActionDefaults.limits("roll"), brokers.isEmpty() ? "every broker" : "the brokers asked for");
    }
}
