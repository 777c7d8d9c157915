package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.InvalidConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code remediator} command: the daemon and the on-call tools. Only {@link #main} exits. */
@Command(name = "remediator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Watches Kafka clusters for slow killers (heap, producer-id state, topic growth) and remediates them under guards.",
        subcommands = {RunCommand.class, StatusCommand.class, CheckCommand.class, PlanCommand.class, ValidateCommand.class,
                HeapDumpCommand.class, TrimCommand.class, RollCommand.class, ExpireProducersCommand.class, AuditCommand.class,
                ImportStateCommand.class, GateCommand.class},
        footer = {"", "Exit status: 0 done (check: no findings), 1 findings, 2 usage/configuration error or unreachable cluster,",
                "3 a guard refused the action."})
public final class RemediatorCli implements Runnable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemediatorCli.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliEnvironment environment;

    RemediatorCli(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    public static void main(String[] args) {
        // Process-wide, so here beside System.exit: JDK 17's RMI client takes no per-connection filter.
        org.slf4j.LoggerFactory.getLogger(RemediatorCli.class).debug(dev.kafkaremediator.observe.JmxSerialFilter.installUnlessSet(
                java.io.ObjectInputFilter.Config::getSerialFilter, java.io.ObjectInputFilter.Config::setSerialFilter));
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one invocation and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(CliEnvironment.production(), out, err, args);
    }

    /** Runs one invocation in the given environment and returns its exit code. */
    public static int execute(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new RemediatorCli(environment));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            String name = line.getCommandSpec().qualifiedName();
            if (e instanceof InvalidConfigException invalid) {
                err.println(name + ": invalid configuration (" + invalid.total() + " problem" + (invalid.total() == 1 ? "" : "s") + "):");
                invalid.problems().forEach(p -> err.println("  " + p));
                if (invalid.omitted() > 0) {
                    err.println("  " + InvalidConfigException.more(invalid.omitted()));
                }
                return ExitCodes.ERROR;
            }
            if (e instanceof CommandFailure failure) {
                err.println(name + ": " + failure.getMessage());
                return failure.exitCode();
            }
            if (e instanceof dev.kafkaremediator.state.postgres.StateStoreException store) {
                // The database named in store.postgres is down, refuses the login or cannot be migrated: a condition the
                // operator fixes, said in one line with the URL (its message), not an "unexpected error" with the class name.
                LOG.debug("{} failed", name, e);
                err.println(name + ": " + store.getMessage());
                return ExitCodes.ERROR;
            }
            // Anything else is a bug or a condition no command expected: one line for the operator (exit 2, never 1, which
            // means findings); the trace goes to the log at debug level (REMEDIATOR_LOG_LEVEL=debug).
            LOG.debug("{} failed", name, e);
            err.println(name + ": unexpected error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return ExitCodes.ERROR;
        });
        cli.setParameterExceptionHandler((e, rejected) -> {
            // One line, not the whole usage: the on-call engineer needs to see what was wrong.
            String message = e instanceof UnmatchedArgumentException unmatched && e.getCommandLine() == cli
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")
                    ? "unknown command '" + unmatched.getUnmatched().get(0) + "'"
                    : e.getMessage();
            err.println(e.getCommandLine().getCommandName() + ": " + message + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.ERROR;
        });
        if (args.length > 0 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
            // Picocli skips its check of unmatched arguments when --help is asked for anywhere: "remediator no-such-command
            // --help" printed the usage and exited 0, as if the command existed.
            err.println("remediator: unknown command '" + args[0] + "' (see 'remediator --help')");
            return ExitCodes.ERROR;
        }
        return cli.execute(args);
    }

    @Override
    public void run() {
        // No command given: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
