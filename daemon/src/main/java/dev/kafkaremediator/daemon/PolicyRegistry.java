package dev.kafkaremediator.daemon;

import dev.kafkaremediator.config.InvalidConfigException;
import dev.kafkaremediator.config.policy.PolicyLoader;
import dev.kafkaremediator.config.policy.PolicySet;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy set in force, and reloading it: a reload with errors keeps the last good set and
 * reports the errors, so a bad edit never leaves the daemon without policies.
 */
final class PolicyRegistry {
    private final Path dir;
    private volatile Set<String> clusters;
    private final AtomicReference<PolicySet> current;
    private volatile String fingerprint;

    private PolicyRegistry(Path dir, Set<String> clusters, PolicySet initial) {
        this.dir = dir;
        this.clusters = clusters;
        this.current = new AtomicReference<>(initial);
        this.fingerprint = fingerprint(dir);
    }

    /** Loads the initial set; an invalid set refuses the start. */
    static PolicyRegistry load(Path dir, Set<String> clusters) throws InvalidConfigException {
        return new PolicyRegistry(dir, clusters, PolicyLoader.load(List.of(dir), Optional.of(clusters)));
    }

    PolicySet current() {
        return current.get();
    }

    Path dir() {
        return dir;
    }

    /**
     * Reads the directory again; returns the new set without putting it in force (the caller does,
     * with {@link #commit}, once it is scheduled), or throws with every problem.
     */
    PolicySet reload() throws InvalidConfigException {
        fingerprint = fingerprint(dir);
        return PolicyLoader.load(List.of(dir), Optional.of(clusters));
    }

    /** The clusters policies may name from now on (a reload changed the watched clusters). */
    void clusters(Set<String> names) {
        clusters = Set.copyOf(names);
    }

    /** Puts a set in force once every one of its jobs could be scheduled. */
    void commit(PolicySet set) {
        current.set(set);
    }

    /** Whether the directory's files changed (names, sizes, modification times) since the last load. */
    boolean changedOnDisk() {
        return !fingerprint(dir).equals(fingerprint);
    }

    private static String fingerprint(Path dir) {
        return DirectoryFingerprint.of(dir);
    }
}
