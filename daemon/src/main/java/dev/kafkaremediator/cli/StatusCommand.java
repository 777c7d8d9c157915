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
import dev.kafkaremediator.observe.ClusterSnapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.kafkaremediator.audit.StateStores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each broker's heap, producer ids and health, and the top topics by producer ids with their growth per hour.",
                "With several clusters and no --cluster: one line per cluster (brokers, worst heap after GC, producer ids and growth,",
                "open findings, last action, owning instance), the clusters observed at once, each within --timeout.",
                "Each run records a sample in the history (state-dir), so growth shows from the second run on."})
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster (default: every configured cluster).")
    String cluster;

    @Option(names = "--json", description = {"One JSON object (an array of them for several clusters, every configured one: a cluster that did not",
            "answer has \"reachable\": false and its \"unreachableReason\")."})
    boolean json;

    /** history.max-topics allows at most this many topics per sample; more cannot be shown. */
    static final int MAX_TOP = 100_000;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Topics to show, by producer-state entries (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = {"Per cluster: a cluster that has not answered by then is reported as timed out, and the others are not held up",
                    "(default ${DEFAULT-VALUE})."})
    String timeout;

    @Override
    public Integer call() throws Exception {
        if (top < 0 || top > MAX_TOP) {
            throw new CommandFailure(ExitCodes.ERROR, "--top: expected 0 to " + MAX_TOP + " topics, got " + top);
        }
        java.time.Duration perCluster = DurationArgument.positive("--timeout", timeout, "");
        RemediatorConfig config = configOption.load();
        List<ClusterConfig> clusters = configOption.clusters(config, cluster);
        StateStores stores = parent.environment().stores().apply(config);
        HistoryStore history = stores.history();
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        java.time.Clock clock = parent.environment().clock();
        List<FleetObservation.Result> observed = FleetObservation.observe(clusters, parent.environment().connector(), history, clock, perCluster);
        List<StatusReport> reports = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (FleetObservation.Result result : observed) {
            ClusterConfig c = result.cluster();
            Optional<ClusterSnapshot> snapshot = result.snapshot().filter(ClusterSnapshot::reachable);
            if (snapshot.isEmpty()) {
                String why = result.failure().orElseGet(() -> result.snapshot().flatMap(s -> s.membership().unknownReason()).orElse("no answer"));
                unreachable.add("cluster " + c.name() + " (" + c.bootstrapServers() + ") is unreachable: " + why);
                problems.put(c.name(), why);
                continue;
            }
            reports.add(new StatusReport(snapshot.get(), recentHistory(history, snapshot.get(), config, err), top));
        }
        // One cluster named (or only one configured): today's detailed report. Several: one line each.
        boolean fleet = cluster == null && clusters.size() > 1;
        // Read after the history, so its problems come first on stderr as they always did; the detailed table has no use for them.
        Map<String, FleetFacts.Facts> facts = json || fleet
                ? FleetFacts.read(config, stores, clusters.stream().map(ClusterConfig::name).toList(), clock.instant(), err) : Map.of();
        if (json) {
            // Every configured cluster, in name order: one that did not answer is there too, with why (#22.12); a script
            // reading the array must not take a missing cluster for a healthy one.
            Map<String, StatusReport> byName = new java.util.HashMap<>();
            reports.forEach(r -> byName.put(r.cluster(), r));
            List<com.fasterxml.jackson.databind.node.ObjectNode> nodes = new ArrayList<>();
            for (FleetObservation.Result result : observed) {
                String name = result.cluster().name();
                nodes.add(byName.containsKey(name) ? byName.get(name).json(facts.get(name))
                        : StatusReport.unreachableJson(result.cluster(), problems.get(name), result.snapshot(), facts.get(name)));
            }
            Object document = clusters.size() == 1 ? nodes.get(0) : JSON.createArrayNode().addAll(nodes);
            out.println(JSON.writeValueAsString(document));
        } else if (fleet) {
            printFleet(out, clusters, reports, facts, problems, clock.instant());
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

    /** One line per cluster in name order, a cluster that did not answer included (its state's facts are still known). */
    private static void printFleet(PrintWriter out, List<ClusterConfig> clusters, List<StatusReport> reports, Map<String, FleetFacts.Facts> facts,
                                   Map<String, String> problems, java.time.Instant now) {
        Map<String, StatusReport> byName = new java.util.HashMap<>();
        reports.forEach(r -> byName.put(r.cluster(), r));
        out.println(StatusReport.fleetHeader());
        for (ClusterConfig c : clusters) {
            StatusReport report = byName.get(c.name());
            out.println(report != null ? report.fleetLine(facts.get(c.name()), now)
                    : StatusReport.fleetRow(c.name(), "unreachable", "?", "?", "-", facts.get(c.name()), now));
        }
        if (!problems.isEmpty()) {
            out.println();
            problems.forEach((name, why) -> out.printf("  %s: %s%n", name, why));
        }
        out.printf("%d clusters, %d answered%n", clusters.size(), reports.size());
    }

    /** Records this snapshot's sample, then reads the last hour back; history trouble is reported, never fatal. */
    private List<Sample> recentHistory(HistoryStore history, ClusterSnapshot snapshot, RemediatorConfig config, PrintWriter err) {
        RecentHistory.Read read = RecentHistory.recordAndRead(history, snapshot.cluster(),
                dev.kafkaremediator.observe.SampleOf.snapshot(snapshot, config.history().maxTopics()), StatusReport.GROWTH_WINDOW);
        read.problems().forEach(p -> err.println("history: " + p));
        return read.samples();
    }
}
