package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.daemon.RemediatorDaemon;
import dev.kafkaremediator.daemon.StopSignal;
import dev.kafkaremediator.state.StateDirectoryBusyException;
import dev.kafkaremediator.state.StateDirectoryLock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon: observe every cluster, keep the history, serve /metrics and /health.",
                "Stops on SIGTERM or SIGINT, exit 0: observations in progress are abandoned, an action in progress finishes its step.",
                "Evaluates the policies on their schedules; logs findings and plans (actions come with a later version).",
                "Refuses to start on an invalid policy set; SIGHUP or a changed policy file reloads it, keeping the last good set on errors.",
                "SIGHUP or a changed file in cluster-dir reloads the clusters: added ones watched, removed ones dropped, without a restart."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        // Signals first: a SIGTERM or SIGHUP while the configuration loads or the daemon starts must not kill the JVM
        // (its default for SIGHUP is to exit 129). A stop then takes effect once started; a reload is moot, the start reads the files.
        StopSignal stop = StopSignal.onTermAndInt();
        java.util.concurrent.atomic.AtomicReference<RemediatorDaemon> started = new java.util.concurrent.atomic.AtomicReference<>();
        StopSignal.onHup(() -> {
            RemediatorDaemon running = started.get();
            if (running != null) {
                running.reload("SIGHUP");
            }
        });
        RemediatorConfig config = configOption.load();
        ConfigOption.requireClusters(config, configOption.path());
        // Taken first: a second daemon on this state directory refuses before it touches anything, and is held until the daemon has stopped.
        try (StateDirectoryLock stateDir = lockStateDirectory(config);
             RemediatorDaemon daemon = RemediatorDaemon.start(config, parent.environment().clock(), parent.environment().connector())) {
            started.set(daemon);
            parent.spec.commandLine().getOut().printf("remediator: running, %d cluster(s), dry-run=%s%s%n", config.clusters().size(),
                    config.dryRun(), daemon.httpPort().map(p -> ", /metrics on " + config.http().host() + ":" + p).orElse(""));
            parent.spec.commandLine().getOut().flush();
            String signal = stop.await();
            parent.spec.commandLine().getOut().println("remediator: " + signal + " received, stopping");
        }
        return ExitCodes.OK;
    }

    /** One daemon per state directory (StateDirectoryLock); the holder's PID in the refusal. */
    private static StateDirectoryLock lockStateDirectory(RemediatorConfig config) throws CommandFailure {
        try {
            return StateDirectoryLock.acquire(config.stateDir());
        } catch (StateDirectoryBusyException e) {
            throw new CommandFailure(ExitCodes.ERROR, e.getMessage());
        } catch (java.io.IOException e) {
            throw new CommandFailure(ExitCodes.ERROR, "cannot lock the state directory " + config.stateDir() + ": " + e.getMessage());
        }
    }

}
