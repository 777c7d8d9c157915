package dev.kafkaremediator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code remediator} command: the daemon and the on-call tools. Only {@link #main} exits. */
@Command(name = "remediator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Watches Kafka clusters for slow killers (heap, producer-id state, topic growth) and remediates them under guards.",
        subcommands = {RunCommand.class, StatusCommand.class, CheckCommand.class, PlanCommand.class, ValidateCommand.class,
                HeapDumpCommand.class, TrimCommand.class, RollCommand.class, ExpireProducersCommand.class, AuditCommand.class},
        footer = {"", "Exit status: 0 done (check: no findings), 1 findings, 2 usage/configuration error or unreachable cluster,",
                "3 a guard refused the action."})
public final class RemediatorCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one invocation and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new RemediatorCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
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
        return cli.execute(args);
    }

    @Override
    public void run() {
        // No command given: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
