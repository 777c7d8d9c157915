package dev.kafkaremediator.it;

import dev.kafkaremediator.localcluster.ClusterState;
import dev.kafkaremediator.localcluster.LocalCluster;
import dev.kafkaremediator.localcluster.LocalClusterSettings;
import dev.kafkaremediator.time.BoundedWait;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The integration tests' cluster: three real broker JVMs started through {@link LocalCluster},
 * the same code as {@code scripts/local-cluster.sh}. Closed (every broker stopped by PID) when the
 * test run ends, and by a shutdown hook if the test JVM is stopped early.
 */
public final class RunningCluster implements AutoCloseable {
    public static final int BROKERS = 3;

    private final LocalCluster cluster;
    private final Thread shutdownHook;

    private RunningCluster(LocalCluster cluster) {
        this.cluster = cluster;
        this.shutdownHook = new Thread(this::stopQuietly, "it-cluster-stop");
    }

    static RunningCluster start() {
        LocalCluster cluster = new LocalCluster(settings(Path.of(System.getProperty("it.cluster.dir", "target/it-cluster"))),
                BoundedWait.system(), line -> System.out.println("[it-cluster] " + line));
        RunningCluster running = new RunningCluster(cluster);
        Runtime.getRuntime().addShutdownHook(running.shutdownHook);
        try {
            cluster.clean(); // brokers left by an earlier, interrupted run are stopped by their recorded PIDs
            cluster.start(BROKERS, OptionalInt.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.close();
            throw new IllegalStateException("interrupted while starting the test cluster", e);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /**
     * A cluster of the test's own beside the shared one (in a sibling directory named {@code name}),
     * with broker properties over the lab's, e.g. Kafka's own producer-id expiry check interval.
     * Close it to stop its brokers by PID.
     */
    static RunningCluster startOwn(String name, java.util.Map<String, String> brokerConfig) throws InterruptedException {
        return startOwn(name, brokerConfig, false);
    }

    /** As {@link #startOwn(String, java.util.Map)}; {@code jmxAuth}: JMX with password authentication, as production runs it. */
    static RunningCluster startOwn(String name, java.util.Map<String, String> brokerConfig, boolean jmxAuth) throws InterruptedException {
        Path dir = Path.of(System.getProperty("it.cluster.dir", "target/it-cluster")).resolveSibling(name);
        LocalCluster cluster = new LocalCluster(settings(dir), BoundedWait.system(), line -> System.out.println("[" + name + "] " + line));
        RunningCluster running = new RunningCluster(cluster);
        Runtime.getRuntime().addShutdownHook(running.shutdownHook);
        try {
            cluster.clean();
            cluster.start(BROKERS, OptionalInt.empty(), java.util.Optional.of(brokerConfig), jmxAuth);
        } catch (RuntimeException | InterruptedException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /** Settings for a local cluster in {@code dir}, using this checkout's broker definition. */
    public static LocalClusterSettings settings(Path dir) {
        return LocalClusterSettings.defaults(dir, projectHome());
    }

    public static Path projectHome() {
        return Path.of(System.getProperty("remediator.home", "../..")).toAbsolutePath().normalize();
    }

    public LocalCluster cluster() {
        return cluster;
    }

    public ClusterState state() {
        return cluster.state().orElseThrow();
    }

    public String bootstrapServers() {
        return state().bootstrapServers();
    }

    public List<Integer> brokerIds() {
        return state().nodes().stream().map(n -> n.id()).toList();
    }

    public String jmxAddress(int brokerId) {
        return state().node(brokerId).jmxAddress();
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(p);
    }

    /** Brings the shared cluster back whole after a test that stopped or restarted brokers: every broker up, every partition in sync. */
    public void restoreWhole() throws Exception {
        for (int id : brokerIds()) {
            if (cluster.process(id).isEmpty()) {
                cluster.startBroker(id);
            }
        }
        try (Admin admin = admin()) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() -> admin.describeTopics(
                    admin.listTopics().names().get(10, java.util.concurrent.TimeUnit.SECONDS)).allTopicNames()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS).values().stream()
                    .allMatch(t -> t.partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size())));
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
    }

    private void stopQuietly() {
        try {
            cluster.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("[it-cluster] stop failed: " + e.getMessage());
        }
    }
}
