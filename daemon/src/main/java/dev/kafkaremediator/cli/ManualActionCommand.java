package dev.kafkaremediator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kafkaremediator.act.ActionClients;
import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionFactory;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.ActionStep;
import dev.kafkaremediator.act.ClusterLease;
import dev.kafkaremediator.act.Notifications;
import dev.kafkaremediator.act.RestartCommand;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.audit.AuditingEvents;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.plan.Action;
import java.util.List;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.time.BoundedWait;
import java.io.BufferedReader;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What every on-call action shares: the same observe, plan, guard and audit path as the daemon
 * (each verb turns its options into a planned {@link Action}, run through the same factory and runner),
 * the operator's name and reason on every audit record, a confirmation (on a terminal, or
 * {@code --yes}), and exit 3 naming the guard that refused.
 */
abstract class ManualActionCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster, as named in the configuration.")
    String cluster;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why: recorded on every audit record of this action.")
    String reason;

    @Option(names = "--dry-run", description = "Observe, plan and guard, audit it all, change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Confirm without a prompt (needed when not on a terminal).")
    boolean yes;

    @Option(names = "--force", description = "Go past guards that allow it (cooldowns, limits, consumer offsets); never internal topics or min ISR.")
    boolean force;

    /** The planned action, from the options (checked here, before anything changes) and the snapshot just taken. */
    abstract Action action(ClusterConfig cluster, ClusterSnapshot snapshot);

    /** Range checks of the verb's options, before anything connects: a bad number never reaches a guard as a limit. */
    void checkOptions() {
    }

    /** What a verb must set right before its own action, with the same clients and stores (nothing by default). */
    void before(ActionContext context, StateStores stores, boolean dryRun, PrintWriter out) {
    }

    @Override
    public Integer call() throws Exception {
        if (force && reason.isBlank()) {
            throw new CommandFailure(ExitCodes.ERROR, "--force needs a --reason that says why");
        }
        if (reason.isBlank()) {
            // Every audit record of the action carries the reason: an empty one tells the next on-call engineer nothing.
            throw new CommandFailure(ExitCodes.ERROR, "--reason: expected a text that says why, got an empty one");
        }
        checkOptions();
        RemediatorConfig config = configOption.load();
        ClusterConfig clusterConfig = configOption.clusters(config, cluster).get(0);
        PrintWriter out = parent.spec.commandLine().getOut();
        CliEnvironment env = parent.environment();
        try (ClusterConnections connections = env.connector().apply(clusterConfig);
             ActionConnections actions = env.actions().apply(clusterConfig)) {
            ClusterSnapshot snapshot = connections.observer().observe();
            if (!snapshot.reachable()) {
                throw new CommandFailure(ExitCodes.ERROR, "cluster " + cluster + " is unreachable: " + snapshot.membership().unknownReason().orElse(""));
            }
            StateStores stores = env.stores().apply(config);
            boolean dry = dryRun || config.dryRun();
            // A dry run changes nothing: it needs no lease, and is never refused for one.
            try (ClusterLeases leases = dry ? ClusterLeases.none() : env.leases().apply(stores)) {
                ClusterLease lease = take(leases);
                try (AutoCloseable renewing = leases.renewWhileRunning(cluster)) {
                    return act(clusterConfig, snapshot, connections, actions, stores, lease, config, dry, out, env);
                }
            }
        }
    }

    /**
     * The cluster's lease, as a daemon's run takes it (several remediators on PostgreSQL; with the files
     * there is one instance and nothing to take). Held by another, the command is refused before anything
     * is planned; taken, it is confirmed before each change, its token is on every audit record, and it is
     * given up when the command ends (closing the leases), so the daemons take the cluster again at once.
     */
    private ClusterLease take(ClusterLeases leases) {
        ClusterLeases.Attempt attempt;
        try {
            attempt = leases.acquire(cluster);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.ERROR, "cannot take the lease of cluster " + cluster + ": " + e.getMessage() + "; nothing was changed");
        }
        if (attempt instanceof ClusterLeases.Busy busy) {
            throw new CommandFailure(ExitCodes.REFUSED, "refused: cluster " + cluster + " is held by " + busy.holder() + " (lease token " + busy.token()
                    + ") until " + busy.until() + ", renewed while it acts; nothing was changed. Try again once it is free (remediator status, audit)");
        }
        return ((ClusterLeases.Held) attempt).lease();
    }

    private int act(ClusterConfig clusterConfig, ClusterSnapshot snapshot, ClusterConnections connections, ActionConnections actions, StateStores stores,
                    ClusterLease lease, RemediatorConfig config, boolean dry, PrintWriter out, CliEnvironment env) throws InterruptedException {
        ActionClients clients = new ActionClients(connections.admin(), connections.jmx(), actions.changes(), actions.diagnostics(),
                new RestartCommand(clusterConfig.restartCommand()), stores.journal(), Notifications.none());
        ActionContext context = new ActionContext(clusterConfig, snapshot, () -> connections.observer().observeHealth(), clients, stores.ledger(),
                BoundedWait.monotonic(env.clock()), () -> false, lease);
        String actor = "user:" + System.getProperty("user.name", "unknown");
        Action action = action(clusterConfig, snapshot);
        before(context, stores, dry, out);
        List<ActionStep<?, ?>> steps = ActionFactory.steps(action, context);
        if (steps.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, "nothing to do: " + action.kind() + " " + action.target());
        }
        int exit = ExitCodes.OK;
        for (ActionStep<?, ?> step : steps) {
            AuditingEvents events = new AuditingEvents(stores.audit(), env.clock(), "act-" + UUID.randomUUID().toString().substring(0, 8), cluster,
                    actor, dry, AuditingEvents.Cause.manual(reason));
            RunResult result = context.runner().run(step, new ActionRunner.Mode(dry, force, Optional.of(reason), this::confirm), events);
            exit = report(out, step, result, events.actionId(), dry && !dryRun);
        }
        return exit;
    }

    private boolean confirm(Map<String, Object> plan) {
        if (yes) {
            return true;
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        Console console = System.console();
        if (console == null) {
            out.println("not confirmed: not on a terminal, add --yes to confirm");
            return false;
        }
        out.println(render(plan));
        out.print("Type 'yes' to go ahead: ");
        out.flush();
        try {
            BufferedReader in = new BufferedReader(console.reader());
            String answer = in.readLine();
            return answer != null && answer.trim().equalsIgnoreCase("yes");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private int report(PrintWriter out, ActionStep<?, ?> step, RunResult result, String actionId, boolean dryByConfig) {
        out.println(step.kind() + " " + step.target() + " (audit id " + actionId + ")");
        if (!result.plan().isEmpty()) {
            out.println("plan: " + render(result.plan()));
        }
        for (Verdict v : result.verdicts()) {
            out.println("  guard " + v);
        }
        switch (result.status()) {
            case DONE -> {
                out.println("done: " + result.effect().map(e -> e.outcome().name().toLowerCase(Locale.ROOT) + ": " + e.summary()).orElse(""));
                if (result.effect().map(e -> e.outcome() == dev.kafkaremediator.act.Effect.Outcome.INEFFECTIVE).orElse(false)) {
                    out.flush();
                    throw new CommandFailure(ExitCodes.ERROR, "ineffective: " + result.effect().get().summary());
                }
            }
            case DRY_RUN -> out.println("dry-run: nothing was changed" + (dryByConfig ? " (the configuration says dry-run = true)" : ""));
            case DECLINED -> throw new CommandFailure(ExitCodes.ERROR, "not confirmed; nothing was changed");
            case REFUSED -> {
                Verdict v = result.refusedBy().orElseThrow();
                throw new CommandFailure(ExitCodes.REFUSED, "refused by guard " + v.guard() + ": " + String.join("; ", v.reasons())
                        + (v.overridable() ? " (--force with a --reason may override it)" : " (cannot be forced)"));
            }
            case FAILED -> throw new CommandFailure(ExitCodes.ERROR, "failed: " + result.failure().orElse(""));
            default -> throw new IllegalStateException("unexpected " + result.status());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String render(Map<String, Object> plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return plan.toString();
        }
    }
}
