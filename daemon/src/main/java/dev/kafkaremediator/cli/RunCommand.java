package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.daemon.RemediatorDaemon;
import dev.kafkaremediator.daemon.StopSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon: observe every cluster, keep the history, serve /metrics and /health.",
                "Stops on SIGTERM or SIGINT after the observations in progress finish, exit 0.",
                "Evaluates the policies on their schedules; logs findings and plans (actions come with a later version).",
                "Refuses to start on an invalid policy set; SIGHUP or a changed policy file reloads it, keeping the last good set on errors."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        RemediatorConfig config = configOption.load();
        ConfigOption.requireClusters(config, configOption.path());
        StopSignal stop = StopSignal.onTermAndInt();
        try (RemediatorDaemon daemon = RemediatorDaemon.start(config, parent.environment().clock(), parent.environment().connector())) {
            parent.spec.commandLine().getOut().printf("remediator: running, %d cluster(s), dry-run=%s%s%n", config.clusters().size(),
                    config.dryRun(), daemon.httpPort().map(p -> ", /metrics on " + config.http().host() + ":" + p).orElse(""));
            parent.spec.commandLine().getOut().flush();
            StopSignal.onHup(() -> daemon.reloadPolicies("SIGHUP"));
            String signal = stop.await();
            parent.spec.commandLine().getOut().println("remediator: " + signal + " received, stopping");
        }
        return ExitCodes.OK;
    }

}
