package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.evaluate.gate.GateLimits;
import dev.kafkaremediator.evaluate.gate.GateMeasurement;
import dev.kafkaremediator.evaluate.gate.GateResult;
import dev.kafkaremediator.evaluate.gate.ProducerGate;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.time.BoundedWait;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"The quality gate for an application that writes to Kafka: measures, over a window, the producers it creates",
                "per 1,000 records and what its rate of new producer-state entries does to the brokers' heaps, and fails it when",
                "it creates producers the way the incident's application did. Run it in a deploy pipeline against a staging cluster.",
                "Exit 0 pass, 1 fail, 2 could not judge (unreachable, no records written, census incomplete, the application failed)."})
final class GateCommand implements Callable<Integer> {
    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster (required when several are configured).")
    String cluster;

    @Option(names = "--topics", paramLabel = "REGEX", required = true,
            description = "The topics the application writes, as a regular expression matched against whole names (e.g. 'orders\\..*').")
    String topics;

    @Option(names = "--for", paramLabel = "DURATION", description = "Watch the topics for this long (e.g. 10m) while the application runs elsewhere.")
    String window;

    @Option(names = "--app-command", paramLabel = "CMD",
            description = {"Run the application under test for the window: a shell line run with sh -c, its output passed through",
                    "(to stderr with --json); the window lasts as long as it runs."})
    String appCommand;

    @Option(names = "--app-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "The longest --app-command may run before it is stopped and the gate cannot judge (default ${DEFAULT-VALUE}).")
    String appTimeout;

    @Option(names = "--max-producers-per-1000-records", paramLabel = "N", defaultValue = "1",
            description = "Fail above this many new producers per 1,000 records (default ${DEFAULT-VALUE}).")
    double maxPer1000;

    @Option(names = "--max-heap-share", paramLabel = "FRACTION", defaultValue = "0.10",
            description = "Fail when, at the window's rate, producer state would exceed this share of a broker's maximum heap within --horizon"
                    + " (default ${DEFAULT-VALUE}).")
    double maxHeapShare;

    @Option(names = "--horizon", paramLabel = "DURATION", defaultValue = "30d", description = "How far the projection looks (default ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--json", description = "The verdict and figures as one JSON object.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the verdict as JUnit XML, which CI systems show as a test result.")
    Path junit;

    @Override
    public Integer call() throws Exception {
        if ((window == null) == (appCommand == null)) {
            throw new CommandFailure(ExitCodes.ERROR, "give exactly one of --for DURATION (watch while the application runs elsewhere)"
                    + " or --app-command \"CMD\" (run it for the window)");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(topics);
        } catch (PatternSyntaxException e) {
            throw new CommandFailure(ExitCodes.ERROR, "--topics: not a regular expression: " + e.getDescription() + " in '" + topics + "'");
        }
        GateLimits limits;
        try {
            limits = new GateLimits(maxPer1000, maxHeapShare, DurationArgument.positive("--horizon", horizon, ""), GateLimits.DEFAULTS.bytesPerEntry());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.ERROR, "--max-producers-per-1000-records must be at least 0 and --max-heap-share in (0, 1]: got "
                    + maxPer1000 + " and " + maxHeapShare);
        }
        Duration forWindow = window == null ? null : DurationArgument.positive("--for", window, "");
        Duration appLimit = DurationArgument.positive("--app-timeout", appTimeout, "");
        RemediatorConfig config = configOption.load();
        List<ClusterConfig> clusters = configOption.clusters(config, cluster);
        if (clusters.size() != 1) {
            throw new CommandFailure(ExitCodes.ERROR, "several clusters are configured; name one with --cluster");
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        List<String> cannotJudge = new ArrayList<>();
        GateMeasurement measurement;
        try (ClusterConnections connections = parent.environment().connector().apply(clusters.get(0))) {
            GateWindow gate = new GateWindow(clusters.get(0), connections, pattern, parent.environment().clock());
            gate.start();
            if (forWindow != null) {
                err.println("gate: watching topics matching '" + topics + "' for " + window);
                err.flush();
                BoundedWait.Pause.threadSleep().pause(forWindow);
            } else {
                err.println("gate: running the application under test: " + appCommand);
                err.flush();
                new AppUnderTest(appCommand, appLimit, json).run().ifPresent(cannotJudge::add);
            }
            measurement = gate.end(cannotJudge);
        }
        GateResult result = ProducerGate.judge(measurement, limits);
        if (json) {
            out.println(GateReport.json(result));
        } else {
            GateReport.print(out, clusters.get(0).name(), topics, result);
        }
        out.flush();
        if (junit != null) {
            GateReport.junit(junit, clusters.get(0).name(), topics, result);
        }
        return switch (result.verdict()) {
            case PASS -> ExitCodes.OK;
            case FAIL -> ExitCodes.FINDINGS;
            case CANNOT_JUDGE -> ExitCodes.ERROR;
        };
    }
}
