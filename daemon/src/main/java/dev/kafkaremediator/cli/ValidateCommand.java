package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ConfigProblem;
import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.policy.PolicyLoader;
import dev.kafkaremediator.config.policy.PolicySet;
import dev.kafkaremediator.config.policy.SampleCadence;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate policy files (and the configuration): every problem, with file, line, key and what was expected.",
                "Without PATHs: the configuration and its policy-dir. Exit 0 valid, 2 invalid."})
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    RemediatorCli parent;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Policy files or directories of *.conf files.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration to validate too, and whose cluster names policies may reference"
                    + " (default without PATHs: $REMEDIATOR_CONFIG, else " + ConfigOption.DEFAULT + ").")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        List<ConfigProblem> problems = new ArrayList<>();
        int omitted = 0;
        Optional<RemediatorConfig> loaded = Optional.empty();
        if (config != null || paths.isEmpty()) {
            ConfigOption option = new ConfigOption();
            option.config = config;
            try {
                loaded = Optional.of(option.load());
                // run refuses a configuration without clusters; so does validate, in the same words
                ConfigOption.requireClusters(loaded.get(), option.path());
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
                omitted += e.omitted();
            }
        }
        List<Path> policyPaths = !paths.isEmpty() ? paths : loaded.map(c -> List.of(c.policyDir())).orElse(List.of());
        Optional<Set<String>> clusters = loaded.map(c -> c.clusters().keySet());
        int policies = 0;
        if (!policyPaths.isEmpty()) {
            try {
                PolicySet set = PolicyLoader.load(policyPaths, clusters, loaded.map(SampleCadence::of));
                policies = set.policies().size();
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
                omitted += e.omitted();
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(p));
            if (omitted > 0) {
                err.println(InvalidConfigException.more(omitted));
            }
            int total = problems.size() + omitted;
            err.println(total + " problem" + (total == 1 ? "" : "s") + "; nothing was changed");
            return ExitCodes.ERROR;
        }
        loaded.ifPresent(c -> dev.kafkaremediator.config.SharedBootstrap.warnings(c.clusters()).forEach(w -> err.println("warning: " + w)));
        out.println("valid: " + policies + " polic" + (policies == 1 ? "y" : "ies") + " in " + policyPaths
                + loaded.map(c -> ", configuration " + c.source().map(Path::toString).orElse("") + " with clusters " + c.clusters().keySet())
                .orElse(""));
        return ExitCodes.OK;
    }
}
