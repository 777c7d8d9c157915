package dev.kafkaremediator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.config.RemediatorConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log: findings, plans, guard verdicts, actions and their effects, newest last.")
final class AuditCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h", description = "How far back (default ${DEFAULT-VALUE}; e.g. 30m, 7d).")
    String since;

    @Option(names = "--id", paramLabel = "ACTION", description = "Only the records of this action id.")
    String id;

    @Option(names = "--finding", paramLabel = "ID", description = {"Only this finding and everything done about it: a finding id (finding-...,",
            "as on the finding's records) or a finding key (policy/cluster/scope/entity, every occurrence)."})
    String finding;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Duration back = DurationArgument.positive("--since", since, " (nothing is newer than now)");
        if (id != null && id.isBlank() || finding != null && finding.isBlank()) {
            throw new CommandFailure(ExitCodes.ERROR, (id != null && id.isBlank() ? "--id" : "--finding") + ": expected an id, got an empty one");
        }
        RemediatorConfig config = configOption.load();
        AuditLog.Read read;
        try {
            read = parent.environment().stores().apply(config).audit().read(parent.environment().clock().instant().minus(back));
        } catch (dev.kafkaremediator.audit.AuditException e) {
            throw new CommandFailure(ExitCodes.ERROR, e.getMessage());
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        read.skipped().forEach(s -> err.println("audit: " + s));
        List<AuditEvent> events = read.events().stream().filter(e -> id == null || e.actionId().equals(id))
                .filter(e -> finding == null || about(e, finding)).toList();
        for (AuditEvent e : events) {
            if (json) {
                out.println(JSON.writeValueAsString(JSON.valueToTree(java.util.Map.of("time", e.time().toString(), "id", e.actionId(),
                        "event", e.event(), "cluster", e.cluster(), "actor", e.actor(), "dryRun", e.dryRun(), "details", e.details()))));
            } else {
                out.printf("%s %s %-8s %-8s %s%s %s%n", e.time(), e.actionId(), e.event(), e.cluster(), e.actor(), e.dryRun() ? " [dry-run]" : "",
                        JSON.writeValueAsString(e.details()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The finding's own records (their action id is the finding id) and every action record naming it. */
    static boolean about(AuditEvent e, String finding) {
        return e.actionId().equals(finding) || finding.equals(e.details().get("findingId")) || finding.equals(e.details().get("finding"));
    }
}
