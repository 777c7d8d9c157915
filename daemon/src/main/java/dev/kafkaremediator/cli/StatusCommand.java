package dev.kafkaremediator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.observe.ProducerInitSeed;
import dev.kafkaremediator.history.RecentHistory;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each broker's heap, producer ids and health, and the top topics by producer ids with their growth per hour.",
                "Each run records a sample in the history (state-dir), so growth shows from the second run on."})
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster (default: every configured cluster).")
    String cluster;

    @Option(names = "--json", description = "One JSON object (an array of them for several clusters).")
    boolean json;

    /** history.max-topics allows at most this many topics per sample; more cannot be shown. */
    static final int MAX_TOP = 100_000;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Topics to show, by producer-state entries (default ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws InvalidConfigException, java.io.IOException {
        if (top < 0 || top > MAX_TOP) {
            throw new CommandFailure(ExitCodes.ERROR, "--top: expected 0 to " + MAX_TOP + " topics, got " + top);
        }
        RemediatorConfig config = configOption.load();
        List<ClusterConfig> clusters = configOption.clusters(config, cluster);
        HistoryStore history = parent.environment().stores().apply(config).history();
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        List<StatusReport> reports = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (ClusterConfig cluster : clusters) {
            ClusterSnapshot snapshot;
            try (ClusterConnections connections = parent.environment().connector().apply(cluster)) {
                ProducerInitSeed.fromHistory(history, cluster.name(), connections, parent.environment().clock().instant(), StatusReport.GROWTH_WINDOW);
                snapshot = connections.observer().observe();
            }
            if (!snapshot.reachable()) {
                unreachable.add("cluster " + cluster.name() + " (" + cluster.bootstrapServers() + ") is unreachable: "
                        + snapshot.membership().unknownReason().orElse("no answer"));
                continue;
            }
            reports.add(new StatusReport(snapshot, recentHistory(history, snapshot, config, err), top));
        }
        if (json) {
            Object document = reports.size() == 1 && clusters.size() == 1 ? reports.get(0).json()
                    : JSON.createArrayNode().addAll(reports.stream().map(StatusReport::json).toList());
            out.println(JSON.writeValueAsString(document));
        } else {
            for (StatusReport report : reports) {
                report.printTable(out);
                out.println();
            }
        }
        out.flush();
        if (!unreachable.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, String.join("; ", unreachable));
        }
        return ExitCodes.OK;
    }


    /** Records this snapshot's sample, then reads the last hour back; history trouble is reported, never fatal. */
    private List<Sample> recentHistory(HistoryStore history, ClusterSnapshot snapshot, RemediatorConfig config, PrintWriter err) {
        RecentHistory.Read read = RecentHistory.recordAndRead(history, snapshot.cluster(),
                dev.kafkaremediator.observe.SampleOf.snapshot(snapshot, config.history().maxTopics()), StatusReport.GROWTH_WINDOW);
        read.problems().forEach(p -> err.println("history: " + p));
        return read.samples();
    }
}
