package dev.kafkaremediator.localcluster;

import dev.kafkaremediator.time.BoundedWait;
import dev.kafkaremediator.time.BoundedWait.Poll;
import dev.kafkaremediator.time.WaitTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster on this machine: N combined broker+controller JVMs on 127.0.0.1, each with
 * its own data directory, small heap and remote JMX port, started from Kafka's jars on Maven
 * Central. Used by {@code scripts/local-cluster.sh}, the integration tests and the demo through
 * this one class. Every process is tracked, signalled and awaited by its PID; the state (ports,
 * PIDs, logs) lives under one directory, and operations that change it hold a file lock there.
 */
public final class LocalCluster {
    /** What a broker logs once it serves (measured on Kafka 4.4: about 4 s after launch). */
    static final String STARTED_MARKER = "Kafka Server started";
    private static final Duration POLL = Duration.ofMillis(250);

    private final LocalClusterSettings settings;
    private final LocalClusterLayout layout;
    private final ClusterStateStore store;
    private final BrokerProcesses processes;
    private final BoundedWait wait;
    private final Consumer<String> progress;

    public LocalCluster(LocalClusterSettings settings, BoundedWait wait, Consumer<String> progress) {
        this.settings = settings;
        this.layout = settings.layout();
        this.store = new ClusterStateStore(layout.stateFile());
        this.processes = new BrokerProcesses(settings, wait);
        this.wait = wait;
        this.progress = progress;
    }

    public LocalClusterLayout layout() {
        return layout;
    }

    /** The recorded state, if this directory holds a cluster. */
    public Optional<ClusterState> state() {
        return store.read();
    }

    /** One line per node: its ports and whether its process is alive. */
    public record NodeStatus(NodeState node, boolean running) { }

    /**
     * Starts the cluster and returns once every broker is registered and the cluster answers.
     * A directory without a cluster gets a fresh one of {@code brokers} nodes; an existing one has
     * its stopped nodes started again with their data. Fails (stopping what it started) with the
     * failing broker's log tail if a broker exits or the start timeout passes.
     */
    public ClusterState start(int brokers, OptionalInt basePort) throws InterruptedException {
        return start(brokers, basePort, Optional.empty());
    }

    /**
     * As {@link #start(int, OptionalInt)}, with broker properties over the lab's own ({@code --broker-config}):
     * given, they replace the ones the cluster had and every node's server.properties is rewritten;
     * brokers already running keep their old values until they are restarted.
     */
    public ClusterState start(int brokers, OptionalInt basePort, Optional<Map<String, String>> brokerConfig) throws InterruptedException {
        return start(brokers, basePort, brokerConfig, false);
    }

    /**
     * As {@link #start(int, OptionalInt, Optional)}; {@code jmxAuth} makes a new cluster's remote JMX ask
     * for a password ({@link JmxCredentials}), kept for every later start. An existing cluster keeps
     * what it was made with.
     */
    public ClusterState start(int brokers, OptionalInt basePort, Optional<Map<String, String>> brokerConfig, boolean jmxAuth)
            throws InterruptedException {
        return locked(() -> {
            Optional<ClusterState> existing = store.read();
            ClusterState state;
            if (existing.isPresent()) {
                state = existing.get();
                if (state.nodes().size() != brokers) {
                    throw new LocalClusterException(layout.dir() + " holds a cluster of " + state.nodes().size()
                            + " brokers, not " + brokers + "; run 'clean' first to start a new one");
                }
                if (brokerConfig.isPresent() && !brokerConfig.get().equals(state.brokerConfig())) {
                    state = state.withBrokerConfig(brokerConfig.get());
                    writeProperties(state);
                    store.write(state);
                    progress.accept("broker config now " + state.brokerConfig() + "; brokers already running keep the old one until restarted");
                }
            } else {
                state = create(brokers, basePort, brokerConfig.orElse(Map.of()), jmxAuth);
            }
            List<NodeState> toStart = state.nodes().stream().filter(n -> processes.live(n).isEmpty()).toList();
            if (toStart.isEmpty()) {
                progress.accept("all " + brokers + " brokers already running");
            }
            state = launchAndAwait(state, toStart);
            awaitRegistered(state, ids(state.nodes()));
            return state;
        });
    }

    /** Stops every broker gracefully (SIGTERM, then SIGKILL after the stop timeout) and waits for each exit. */
    public void stop() throws InterruptedException {
        locked(() -> {
            Optional<ClusterState> existing = store.read();
            if (existing.isEmpty()) {
                progress.accept("no local cluster in " + layout.dir());
                return null;
            }
            stopAll(existing.get(), existing.get().nodes());
            return null;
        });
    }

    /** Stops everything and removes the cluster directory. */
    public void clean() throws InterruptedException {
        stop();
        deleteRecursively(layout.dir());
        progress.accept("removed " + layout.dir());
    }

    public List<NodeStatus> status() {
        return store.read().map(s -> s.nodes().stream()
                .map(n -> new NodeStatus(n, processes.live(n).isPresent())).toList()).orElse(List.of());
    }

    /** SIGTERM, wait for the exit, start again; returns once the broker is registered again. */
    public void restart(int id) throws InterruptedException {
        locked(() -> {
            ClusterState state = requireState();
            state = stopNode(state, id);
            state = launchAndAwait(state, List.of(state.node(id)));
            awaitRegistered(state, Set.of(id));
            return null;
        });
    }

    /** SIGKILL, as a crash would; waits for the exit. */
    public void kill(int id) throws InterruptedException {
        locked(() -> {
            ClusterState state = requireState();
            NodeState node = state.node(id);
            Optional<ProcessHandle> live = processes.live(node);
            if (live.isEmpty()) {
                progress.accept("broker " + id + " is not running");
            } else {
                processes.kill(live.get(), id);
                progress.accept("broker " + id + " (pid " + live.get().pid() + ") killed");
            }
            store.write(state.withNode(node.withPid(null)));
            return null;
        });
    }

    public void stopBroker(int id) throws InterruptedException {
        locked(() -> stopNode(requireState(), id));
    }

    public void startBroker(int id) throws InterruptedException {
        locked(() -> {
            ClusterState state = requireState();
            NodeState node = state.node(id);
            if (processes.live(node).isPresent()) {
                progress.accept("broker " + id + " already running (pid " + node.pid() + ")");
                return null;
            }
            state = launchAndAwait(state, List.of(node));
            awaitRegistered(state, Set.of(id));
            return null;
        });
    }

    /** The live process of one broker, if it runs. */
    public Optional<ProcessHandle> process(int id) {
        return store.read().flatMap(s -> processes.live(s.node(id)));
    }

    // --- the steps ---------------------------------------------------------------------------

    private void writeProperties(ClusterState state) {
        try {
            for (NodeState node : state.nodes()) {
                Files.writeString(layout.serverProperties(node.id()), BrokerConfig.render(BrokerConfig.properties(state, node, layout)),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the brokers' server.properties in " + layout.dir(), e);
        }
    }

    private ClusterState create(int brokers, OptionalInt basePort, Map<String, String> brokerConfig, boolean jmxAuth)
            throws InterruptedException {
        if (brokers < 1 || brokers > 9) {
            throw new LocalClusterException("a local cluster has 1 to 9 brokers, not " + brokers);
        }
        String classpath = BrokerClasspath.resolve(settings);
        List<int[]> ports = allocatePorts(brokers, basePort);
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            int[] p = ports.get(i);
            nodes.add(new NodeState(i + 1, p[0], p[1], p[2], null));
        }
        ClusterState state = new ClusterState(Uuid.randomUuid().toString(), settings.heapMb(), nodes, brokerConfig, jmxAuth);
        Optional<JmxCredentials> credentials = Optional.empty();
        try {
            for (NodeState node : nodes) {
                Files.createDirectories(layout.dataDir(node.id()));
                Files.writeString(layout.serverProperties(node.id()),
                        BrokerConfig.render(BrokerConfig.properties(state, node, layout)), StandardCharsets.UTF_8);
            }
            if (jmxAuth) {
                credentials = Optional.of(JmxCredentials.create(layout, ids(nodes)));
            }
            formatStorage(state, classpath);
            // remediator.conf points heap-dump-dir here: the brokers write their dumps into it.
            Files.createDirectories(layout.dir().resolve("heap-dumps"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local cluster in " + layout.dir(), e);
        }
        store.write(state);
        RemediatorConf.write(layout.remediatorConf(), state, settings.projectHome(), credentials);
        progress.accept("created a " + brokers + "-broker KRaft cluster " + state.clusterId() + " in " + layout.dir());
        return state;
    }

    private void formatStorage(ClusterState state, String classpath) throws IOException, InterruptedException {
        Map<Integer, Process> formats = new HashMap<>();
        for (NodeState node : state.nodes()) {
            formats.put(node.id(), processes.format(node, state.clusterId(), classpath));
        }
        for (Map.Entry<Integer, Process> e : formats.entrySet()) {
            Process format = e.getValue();
            if (!format.waitFor(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new LocalClusterException("formatting the storage of broker " + e.getKey() + " timed out");
            }
            if (format.exitValue() != 0) {
                throw new LocalClusterException("formatting the storage of broker " + e.getKey() + " failed (exit "
                        + format.exitValue() + "):\n" + LogTail.of(layout.nodeDir(e.getKey()).resolve("format.log"), 20));
            }
        }
    }

    /** Launches the given nodes and waits until each logs that it started; stops them all if one fails. */
    private ClusterState launchAndAwait(ClusterState state, List<NodeState> nodes) throws InterruptedException {
        if (nodes.isEmpty()) {
            return state;
        }
        String classpath = BrokerClasspath.resolve(settings);
        Map<Integer, Long> logOffsets = new HashMap<>();
        for (NodeState node : nodes) {
            for (int port : new int[] {node.brokerPort(), node.controllerPort(), node.jmxPort()}) {
                if (!isFree(port)) {
                    progress.accept("warning: port " + port + " of broker " + node.id() + " is in use; its start will likely fail");
                }
            }
            logOffsets.put(node.id(), LogTail.size(layout.brokerLog(node.id())));
            long pid;
            try {
                pid = processes.launch(node, classpath, state.jmxAuth());
            } catch (IOException e) {
                // The brokers launched before this one are stopped: a failed start leaves nothing running.
                LocalClusterException failure = failStart(state, nodes, List.of(), "cannot launch broker " + node.id() + ": " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
            state = state.withNode(node.withPid(pid));
            store.write(state);
            progress.accept("broker " + node.id() + " launched (pid " + pid + ", broker 127.0.0.1:" + node.brokerPort()
                    + ", JMX 127.0.0.1:" + node.jmxPort() + ")");
        }
        ClusterState launched = state;
        Set<Integer> pending = new TreeSet<>(ids(nodes));
        try {
            wait.until("brokers " + pending + " to log '" + STARTED_MARKER + "'", settings.startTimeout(), POLL, () -> {
                for (Integer id : List.copyOf(pending)) {
                    NodeState node = launched.node(id);
                    if (processes.live(node).isEmpty()) {
                        throw new BoundedWait.Hopeless("broker " + id + " (pid " + node.pid() + ") exited during startup");
                    }
                    if (LogTail.containsAfter(layout.brokerLog(id), logOffsets.get(id), STARTED_MARKER)) {
                        pending.remove(id);
                        progress.accept("broker " + id + " started");
                    }
                }
                return pending.isEmpty() ? Poll.done(Boolean.TRUE) : Poll.notYet("not started yet: " + pending);
            });
        } catch (BoundedWait.Hopeless | WaitTimeoutException e) {
            throw failStart(launched, nodes, pending, e.getMessage());
        }
        return launched;
    }

    private void awaitRegistered(ClusterState state, Set<Integer> expected) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, state.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            wait.until("brokers " + new TreeSet<>(expected) + " to be registered", settings.startTimeout(), POLL, () -> {
                for (NodeState node : state.nodes()) {
                    if (expected.contains(node.id()) && processes.live(node).isEmpty()) {
                        throw new BoundedWait.Hopeless("broker " + node.id() + " exited before it registered");
                    }
                }
                Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                Set<Integer> registered = nodes.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
                return registered.containsAll(expected) ? Poll.done(registered) : Poll.notYet("registered: " + registered);
            });
        } catch (BoundedWait.Hopeless | WaitTimeoutException e) {
            List<NodeState> nodes = state.nodes().stream().filter(n -> expected.contains(n.id())).toList();
            throw failStart(state, nodes, expected, e.getMessage());
        }
        progress.accept("registered: brokers " + new TreeSet<>(expected) + "; bootstrap servers " + state.bootstrapServers());
    }

    /** Stops what this start launched, so a failed start leaves nothing behind, and says why with the logs. */
    private LocalClusterException failStart(ClusterState state, List<NodeState> launched, Collection<Integer> culprits, String why)
            throws InterruptedException {
        StringBuilder message = new StringBuilder("start failed: ").append(why);
        for (Integer id : new TreeSet<>(culprits)) {
            message.append('\n').append(LogTail.of(layout.brokerLog(id), 25));
        }
        stopAll(state, launched);
        return new LocalClusterException(message.toString());
    }

    /**
     * SIGTERM to every broker at once, then wait for each. One at a time would not do: the last
     * brokers standing lose the controller quorum and hang in their controlled shutdown until killed.
     */
    private ClusterState stopAll(ClusterState state, List<NodeState> nodes) throws InterruptedException {
        Map<Integer, ProcessHandle> live = new java.util.TreeMap<>();
        for (NodeState given : nodes) {
            // The state's own record of the node: the list handed in may predate the launch and carry no PID.
            NodeState node = state.node(given.id());
            processes.live(node).ifPresent(handle -> {
                handle.destroy();
                live.put(node.id(), handle);
            });
        }
        for (Map.Entry<Integer, ProcessHandle> e : live.entrySet()) {
            String how = processes.stop(e.getValue(), e.getKey());
            progress.accept("broker " + e.getKey() + " (pid " + e.getValue().pid() + ") " + how);
        }
        for (NodeState node : nodes) {
            state = state.withNode(node.withPid(null));
        }
        store.write(state);
        return state;
    }

    private ClusterState stopNode(ClusterState state, int id) throws InterruptedException {
        NodeState node = state.node(id);
        Optional<ProcessHandle> live = processes.live(node);
        if (live.isPresent()) {
            String how = processes.stop(live.get(), id);
            progress.accept("broker " + id + " (pid " + live.get().pid() + ") " + how);
        } else if (node.pid() != null) {
            progress.accept("broker " + id + " was not running");
        }
        ClusterState updated = state.withNode(node.withPid(null));
        store.write(updated);
        return updated;
    }

    private ClusterState requireState() {
        return store.read().orElseThrow(() -> new LocalClusterException("no local cluster in " + layout.dir()
                + "; run 'start' first"));
    }

    private static Set<Integer> ids(List<NodeState> nodes) {
        return nodes.stream().map(NodeState::id).collect(Collectors.toCollection(HashSet::new));
    }

    /** Ports base+i, base+100+i, base+200+i for broker, controller, JMX; or free ephemeral ports. */
    private static List<int[]> allocatePorts(int brokers, OptionalInt basePort) {
        List<int[]> out = new ArrayList<>();
        if (basePort.isPresent()) {
            int base = basePort.getAsInt();
            for (int i = 0; i < brokers; i++) {
                out.add(new int[] {base + i, base + 100 + i, base + 200 + i});
            }
            return out;
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < brokers; i++) {
                int[] ports = new int[3];
                for (int k = 0; k < 3; k++) {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    ports[k] = socket.getLocalPort();
                }
                out.add(ports);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket: nothing to do
                }
            });
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws InterruptedException;
    }

    /** One mutating operation at a time per cluster directory, across processes. */
    private <T> T locked(Locked<T> body) throws InterruptedException {
        try {
            Files.createDirectories(layout.dir());
            try (FileChannel channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return body.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + layout.lockFile(), e);
        }
    }
}
