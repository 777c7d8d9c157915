package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code cluster-dir}: a directory of per-cluster files, one cluster per {@code NAME.conf}, for a
 * fleet too large to list in one file (and for tools that write one file per cluster). A file holds
 * the keys of one entry of {@code clusters} at its top level ({@code bootstrap-servers = ...},
 * {@code jmx { ... }}), merged over {@code cluster-defaults}; the cluster's name is the file's name
 * without {@code .conf}, so two files can never name one cluster. Files are read in name order;
 * other files (editor backups, {@code README}) are ignored.
 */
final class ClusterDir {
    static final String SUFFIX = ".conf";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private ClusterDir() {
    }

    /**
     * Adds the directory's clusters to {@code clusters}; every problem (a file's syntax, keys and
     * values, a name also in {@code clusters}) goes to {@code strict} with the file and line.
     *
     * @param keyOrigin where {@code cluster-dir} is set, for a directory that is missing or unreadable
     * @param inConfig  where each cluster of the main configuration is defined ("file:line"), to name it for a duplicate
     */
    static void read(StrictConfig strict, Path dir, ConfigOrigin keyOrigin, Config defaults, Map<String, ClusterConfig> clusters,
                     Map<String, String> inConfig) {
        for (Path file : files(strict, dir, keyOrigin)) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - SUFFIX.length());
            // Before the file is opened: a name that is not UTF-8 comes back from the directory with U+FFFD in place of its
            // bytes, and opening that name fails (FileNotFoundException) although the file is there.
            if (name.indexOf('\uFFFD') >= 0) {
                strict.problems().add(new ConfigProblem(file.toString(), -1, null, "the file's name is not valid UTF-8 (shown with \uFFFD);"
                        + " the file's name is the cluster's name: rename it with letters, digits, '.', '_' and '-' before .conf"));
                continue;
            }
            if (!name.matches(NAME)) {
                strict.problems().add(new ConfigProblem(file.toString(), -1, null,
                        "the file's name is the cluster's name: letters, digits, '.', '_' and '-' before .conf"));
                continue;
            }
            Optional<Config> parsed = HoconFile.parse(file, strict, HoconFile.MAX_CLUSTER_FILE_BYTES, "a cluster file", c -> c.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true)));
            if (parsed.isEmpty()) {
                continue;
            }
            String earlier = inConfig.get(name);
            if (earlier != null) {
                strict.problems().add(new ConfigProblem(file.toString(), -1, null, "cluster '" + name
                        + "' is also configured in remediator.clusters (" + earlier + "); a cluster is defined in one place"));
                continue;
            }
            Config own = parsed.get();
            if (!own.hasPath("bootstrap-servers")) {
                // Said here with the file: the reader would name the merge of this file and the defaults.
                strict.problems().add(new ConfigProblem(file.toString(), -1, "bootstrap-servers", "missing; expected \"host:port[,host:port...]\""));
                own = own.withFallback(com.typesafe.config.ConfigFactory.parseMap(Map.of("bootstrap-servers", "unset:1")));
            }
            // Keys are reported as the file spells them (bootstrap-servers, jmx.port): the file and line say which cluster.
            clusters.put(name, ConfigLoader.cluster(strict, name, "", own.withFallback(defaults)));
            inConfig.put(name, file.toString());
        }
    }

    /** The directory's {@code *.conf} files in name order; a missing or unreadable directory is a problem at {@code cluster-dir}. */
    private static List<Path> files(StrictConfig strict, Path dir, ConfigOrigin keyOrigin) {
        if (!Files.isDirectory(dir)) {
            strict.problem(keyOrigin, "remediator.cluster-dir", "no such directory: " + dir);
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> confs = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
            return confs.stream().filter(p -> HoconFile.regularFile(strict, p, "cluster")).toList();
        } catch (IOException e) {
            strict.problem(keyOrigin, "remediator.cluster-dir", "cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

}
