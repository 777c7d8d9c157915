package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.policy.PolicyLoader;
import dev.kafkaremediator.config.policy.PolicySet;
import dev.kafkaremediator.plan.EvaluationRound;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.observe.ClusterSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What check and plan share: configuration, policies, one evaluation round per selected cluster, JSON output and exit codes. */
abstract class PolicyEvaluationCommand implements java.util.concurrent.Callable<Integer> {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster (default: every configured cluster).")
    String cluster;

    @Option(names = "--policies", paramLabel = "PATH", description = "Policy file or directory (default: the configuration's policy-dir).")
    Path policies;

    @Option(names = "--json", description = "JSON instead of text.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", description = {"Per cluster: one that has not answered by then is reported as unreachable",
            "and the others are not held up (default: its timeouts.admin + timeouts.census + timeouts.jmx)."})
    String timeout;

    /** The policy set evaluated, once {@link #evaluate} has loaded it. */
    PolicySet evaluated = new PolicySet(List.of());

    /** The text form of the results (--json prints the findings and their plans for both commands). */
    abstract void printText(java.io.PrintWriter out, List<EvaluationRound.Result> results);

    /** Why a policy on producer creation could not be met on this cluster's snapshot, and when it can be. */
    Optional<String> churnNotice(EvaluationRound.Result result) {
        return ChurnRateNotice.of(result.snapshot(), evaluated.forCluster(result.snapshot().cluster()));
    }

    /** Exit 0 nothing found, 1 findings, 2 error (an unreachable cluster, after every cluster was tried). */
    @Override
    public Integer call() throws Exception {
        List<String> unreachable = new ArrayList<>();
        List<EvaluationRound.Result> results = evaluate(unreachable);
        if (results.isEmpty() && !unreachable.isEmpty()) {
            // Nothing was evaluated: "0 findings" (or []) would read as "all clear".
            throw new CommandFailure(ExitCodes.ERROR, String.join("; ", unreachable));
        }
        List<dev.kafkaremediator.plan.RemediationPlan> plans = results.stream().flatMap(r -> r.plans().stream()).toList();
        java.io.PrintWriter out = parent.spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(FindingsJson.of(plans)));
        } else {
            printText(out, results);
        }
        out.flush();
        if (!unreachable.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, String.join("; ", unreachable));
        }
        return plans.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /** Evaluates every selected cluster; unreachable clusters are reported, not fatal, until all were tried. */
    List<EvaluationRound.Result> evaluate(List<String> unreachable) throws InvalidConfigException {
        RemediatorConfig config = configOption.load();
        PolicySet set = PolicyLoader.load(List.of(policies != null ? policies : config.policyDir()), Optional.of(config.clusters().keySet()));
        evaluated = set;
        HistoryStore history = parent.environment().stores().apply(config).history();
        List<ClusterConfig> clusters = configOption.clusters(config, cluster);
        Duration perCluster = timeout != null ? DurationArgument.positive("--timeout", timeout, "")
                : clusters.stream().map(c -> c.timeouts().admin().plus(c.timeouts().census()).plus(c.timeouts().jmx())).max(Duration::compareTo)
                .orElse(Duration.ofSeconds(30));
        List<FleetObservation.Result> observed;
        try {
            // Observed at once on a bounded pool, as status does (#22.12): one after another, 35 clusters took 107 s against 12 s.
            observed = FleetObservation.observe(clusters, parent.environment().connector(), history, parent.environment().clock(), perCluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.ERROR, "interrupted while observing the clusters");
        }
        List<EvaluationRound.Result> results = new ArrayList<>();
        for (FleetObservation.Result o : observed) {
            ClusterConfig c = o.cluster();
            if (o.snapshot().filter(ClusterSnapshot::reachable).isEmpty()) {
                unreachable.add("cluster " + c.name() + " (" + c.bootstrapServers() + ") is unreachable: " + o.failure()
                        .orElseGet(() -> o.snapshot().flatMap(s -> s.membership().unknownReason()).orElse("no answer")));
                continue;
            }
            ClusterSnapshot snapshot = o.snapshot().get();
            EvaluationRound.Result result = EvaluationRound.run(snapshot, set.forCluster(c.name()), history, config);
            result.historyProblems().forEach(p -> parent.spec.commandLine().getErr().println("history: " + p));
            results.add(result);
        }
        return results;
    }

}
