package dev.kafkaremediator.config.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import dev.kafkaremediator.config.ConfigProblem;
import dev.kafkaremediator.config.HoconFile;
import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.StrictConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads policy files ({@code *.conf}, HOCON) from files and directories. All or nothing: every
 * problem of every file (with file, line, key path and what was expected) is collected and
 * reported together, and an invalid set is never partly used.
 */
public final class PolicyLoader {
    private static final String ROOT = "policies";

    private PolicyLoader() {
    }

    /**
     * @param paths         policy files, or directories whose {@code *.conf} files are read in name order
     * @param knownClusters cluster names to check references against, when a configuration is at hand
     */
    public static PolicySet load(List<Path> paths, Optional<Set<String>> knownClusters) throws InvalidConfigException {
        return load(paths, knownClusters, Optional.empty());
    }

    /**
     * As {@link #load(List, Optional)}, and with the history's {@code cadence}: a window or a sustained
     * threshold that could never gather its samples is a problem too (validate's check).
     */
    public static PolicySet load(List<Path> paths, Optional<Set<String>> knownClusters, Optional<SampleCadence> cadence) throws InvalidConfigException {
        StrictConfig strict = new StrictConfig();
        List<Path> files = files(paths, strict);
        List<Policy> policies = new ArrayList<>();
        Map<String, String> definedAt = new HashMap<>();
        for (Path file : files) {
            Optional<Config> read = HoconFile.parse(file, strict, HoconFile.MAX_POLICY_FILE_BYTES, "a policy file", c -> c.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true)));
            if (read.isEmpty()) {
                continue;
            }
            Config parsed = read.get();
            strict.onlyKnownKeys(parsed, "", Set.of(ROOT));
            if (!parsed.hasPath(ROOT)) {
                strict.problems().add(new ConfigProblem(file.toString(), 1, ROOT, "missing; a policy file holds policies { name { ... } }"));
                continue;
            }
            Config root = strict.object(parsed, "", ROOT);
            PolicyReader reader = new PolicyReader(strict, knownClusters, cadence);
            for (String name : new java.util.TreeSet<>(root.root().keySet())) {
                ConfigValue value = root.root().get(name);
                String prefix = ROOT + "." + name;
                int line = value.origin().lineNumber();
                if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                    strict.problem(value.origin(), prefix, "a policy name is lower-case letters, digits and '-'");
                }
                String where = file + ":" + line;
                String earlier = definedAt.putIfAbsent(name, where);
                if (earlier != null) {
                    strict.problem(value.origin(), prefix, "duplicate policy name; already defined at " + earlier);
                    continue;
                }
                if (!(value instanceof ConfigObject object)) {
                    strict.problem(value.origin(), prefix, "expected a policy object { description = ..., when { ... }, actions = [...] }");
                    continue;
                }
                reader.read(name, object.toConfig(), prefix, file.toString(), line).ifPresent(policies::add);
            }
        }
        if (!strict.problems().isEmpty()) {
            throw new InvalidConfigException(strict.problems());
        }
        return new PolicySet(policies);
    }

    private static List<Path> files(List<Path> paths, StrictConfig strict) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    List<Path> confs = listing.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted()
                            .filter(p -> HoconFile.regularFile(strict, p, "policy")).toList();
                    if (confs.isEmpty()) {
                        strict.problems().add(new ConfigProblem(path.toString(), -1, null, "no policy files (*.conf) in this directory"));
                    }
                    files.addAll(confs);
                } catch (IOException e) {
                    strict.problems().add(new ConfigProblem(path.toString(), -1, null, "cannot list: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                strict.problems().add(new ConfigProblem(path.toString(), -1, null, "no such file or directory"));
            }
        }
        return files;
    }
}
