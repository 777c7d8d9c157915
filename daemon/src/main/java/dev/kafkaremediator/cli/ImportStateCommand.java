package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.state.postgres.FileStateImport;
import dev.kafkaremediator.state.postgres.PostgresStores;
import dev.kafkaremediator.state.postgres.StateStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code remediator import-state}: moves one instance's file state (history, open findings, the
 * action ledger, the audit, roll journals) into the PostgreSQL that the configuration names. The
 * one command that talks to PostgreSQL by name: its whole purpose is that move.
 */
@Command(name = "import-state", mixinStandardHelpOptions = true,
        description = {"Copy a state directory's files into the PostgreSQL configured as store.postgres (a one-shot move to shared state).",
                "Run it again safely: nothing is imported twice; findings and roll journals are copied only for clusters that have none there yet,",
                "and a cluster's findings only once (one resolved since is not brought back)."})
final class ImportStateCommand implements Callable<Integer> {
    /** What a state directory holds, one sub-directory per kind (StateStores.files). */
    private static final java.util.List<String> STATE_KINDS = java.util.List.of("history", "findings", "actions", "audit", "rolls");

    @ParentCommand
    RemediatorCli parent;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--from-dir", paramLabel = "DIR", description = "The state directory to import (default: the configuration's state-dir).")
    Path fromDir;

    @Override
    public Integer call() throws Exception {
        RemediatorConfig config = configOption.load();
        if (!(config.store() instanceof StoreSettings.Postgres settings)) {
            throw new CommandFailure(ExitCodes.ERROR, "the configuration keeps its state in files; name the database first: "
                    + "store.postgres { url = \"jdbc:postgresql://host:5432/db\", user = ..., password-env = ... }");
        }
        Path dir = fromDir != null ? fromDir : config.stateDir();
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCodes.ERROR, "--from-dir: no such directory: " + dir);
        }
        if (STATE_KINDS.stream().noneMatch(kind -> Files.isDirectory(dir.resolve(kind)))) {
            // "0 read, 0 imported" and exit 0 would read as a finished move (seen: --from-dir /).
            throw new CommandFailure(ExitCodes.ERROR, "--from-dir: " + dir + " holds no remediator state (none of " + String.join("/, ", STATE_KINDS)
                    + "/): nothing to import; name the state-dir of the instance whose state moves");
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        FileStateImport.Report report;
        try (PostgresStores stores = PostgresStores.open(settings, config.history(), parent.environment().clock())) {
            out.println("importing " + dir.toAbsolutePath().normalize() + " into " + settings.displayUrl() + " (schema " + settings.schema() + ")");
            report = new FileStateImport(dir, stores, parent.environment().clock(), line -> { }).run();
        } catch (StateStoreException | IOException e) {
            throw new CommandFailure(ExitCodes.ERROR, e.getMessage());
        }
        report.skipped().forEach(s -> err.println("import-state: skipped " + s));
        report.counts().forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
