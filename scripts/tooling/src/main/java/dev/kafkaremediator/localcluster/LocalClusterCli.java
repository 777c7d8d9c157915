package dev.kafkaremediator.localcluster;

import dev.kafkaremediator.time.BoundedWait;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code scripts/local-cluster.sh}: start, stop and inspect the local KRaft cluster. */
@Command(name = "local-cluster.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A real local Kafka cluster (KRaft, combined broker+controller JVMs on 127.0.0.1) for tests and the demo.",
        subcommands = {LocalClusterCli.Start.class, LocalClusterCli.Stop.class, LocalClusterCli.Status.class,
                LocalClusterCli.Restart.class, LocalClusterCli.Kill.class, LocalClusterCli.StopBroker.class,
                LocalClusterCli.StartBroker.class, LocalClusterCli.Clean.class},
        footer = {"", "Exit status: 0 done, 1 the cluster failed (the message says which broker, with its log tail), 2 usage error."})
public final class LocalClusterCli {
    static final int FAILED = 1;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "State directory (pids, ports, logs, data). Default: $LOCAL_CLUSTER_DIR, else <project>/target/local-cluster.")
    Path dir;

    @Option(names = "--heap-mb", paramLabel = "MB", defaultValue = "" + LocalClusterSettings.DEFAULT_HEAP_MB,
            description = "Heap of each broker JVM (default ${DEFAULT-VALUE}).")
    int heapMb;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "90",
            description = "How long a start may take before it fails with the broker's log tail (default ${DEFAULT-VALUE}).")
    int startTimeoutSeconds;

    private final PrintStream out;

    LocalClusterCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new LocalClusterCli(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof LocalClusterException || e instanceof java.util.NoSuchElementException) {
                err.println("local-cluster: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    LocalCluster cluster() {
        Path home = Path.of(System.getProperty("remediator.home", ".")).toAbsolutePath().normalize();
        Path chosen = dir != null ? dir
                : System.getenv("LOCAL_CLUSTER_DIR") != null ? Path.of(System.getenv("LOCAL_CLUSTER_DIR"))
                : home.resolve("target").resolve("local-cluster");
        LocalClusterSettings settings = LocalClusterSettings.defaults(chosen, home)
                .withHeapMb(heapMb).withStartTimeout(Duration.ofSeconds(startTimeoutSeconds));
        return new LocalCluster(settings, BoundedWait.system(), line -> out.println("local-cluster: " + line));
    }

    void printStatus(LocalCluster cluster) {
        List<LocalCluster.NodeStatus> nodes = cluster.status();
        if (nodes.isEmpty()) {
            out.println("no local cluster in " + cluster.layout().dir());
            return;
        }
        out.printf("%-7s %-8s %-8s %-17s %-17s %-17s%n", "BROKER", "STATE", "PID", "LISTENER", "CONTROLLER", "JMX");
        for (LocalCluster.NodeStatus s : nodes) {
            NodeState n = s.node();
            out.printf("%-7d %-8s %-8s %-17s %-17s %-17s%n", n.id(), s.running() ? "running" : "stopped",
                    s.running() ? String.valueOf(n.pid()) : "-", n.bootstrapAddress(), "127.0.0.1:" + n.controllerPort(), n.jmxAddress());
        }
        cluster.state().ifPresent(state -> {
            out.println("bootstrap servers: " + state.bootstrapServers());
            out.println("remediator config: " + cluster.layout().remediatorConf());
            out.println("broker logs:       " + cluster.layout().dir() + "/node-<id>/broker.log");
        });
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the cluster (created on first use); returns once every broker is registered.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Option(names = "--brokers", paramLabel = "N", defaultValue = "3", description = "Number of brokers (default ${DEFAULT-VALUE}).")
        int brokers;

        @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "19092",
                description = "Broker i listens on PORT+i-1, its controller on PORT+100+i-1, JMX on PORT+200+i-1;"
                        + " 0 picks free ports (default ${DEFAULT-VALUE}). Used only when the cluster is created.")
        int basePort;

        @Option(names = "--broker-config", paramLabel = "KEY=VALUE",
                description = {"A broker property over the lab's own, on every broker (repeatable), e.g.",
                        "producer.id.expiration.check.interval.ms=600000 for Kafka's default instead of the lab's 10 s.",
                        "Kept for later starts; given again, it replaces the earlier set (running brokers: restart them)."})
        java.util.List<String> brokerConfig = new java.util.ArrayList<>();

        @Option(names = "--jmx-auth", description = {"Remote JMX asks for a password, as in production: a user 'remediator' with a random",
                "password in each DIR/node-<id>/jmx.password, also written into DIR/remediator.conf. Used only when the cluster is created."})
        boolean jmxAuth;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            LocalCluster cluster = parent.cluster();
            java.util.Map<String, String> config;
            try {
                config = BrokerConfig.parse(brokerConfig);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            cluster.start(brokers, basePort == 0 ? OptionalInt.empty() : OptionalInt.of(basePort),
                    brokerConfig.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(config), jmxAuth);
            parent.printStatus(cluster);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every broker gracefully and wait until none is left running.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Override
        public Integer call() throws InterruptedException {
            parent.cluster().stop();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each broker's state, PID and ports.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Override
        public Integer call() {
            parent.printStatus(parent.cluster());
            return 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "SIGTERM one broker, wait for its exit, start it; returns once it is registered again.")
    static final class Restart implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Parameters(paramLabel = "ID", description = "Broker id.")
        int id;

        @Override
        public Integer call() throws InterruptedException {
            parent.cluster().restart(id);
            return 0;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "SIGKILL one broker, as a crash would.")
    static final class Kill implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Parameters(paramLabel = "ID", description = "Broker id.")
        int id;

        @Override
        public Integer call() throws InterruptedException {
            parent.cluster().kill(id);
            return 0;
        }
    }

    @Command(name = "stop-broker", mixinStandardHelpOptions = true, description = "Stop one broker gracefully.")
    static final class StopBroker implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Parameters(paramLabel = "ID", description = "Broker id.")
        int id;

        @Override
        public Integer call() throws InterruptedException {
            parent.cluster().stopBroker(id);
            return 0;
        }
    }

    @Command(name = "start-broker", mixinStandardHelpOptions = true, description = "Start one stopped broker; returns once it is registered.")
    static final class StartBroker implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Parameters(paramLabel = "ID", description = "Broker id.")
        int id;

        @Override
        public Integer call() throws InterruptedException {
            parent.cluster().startBroker(id);
            return 0;
        }
    }

    @Command(name = "clean", mixinStandardHelpOptions = true, description = "Stop every broker and delete the cluster directory (data, logs, state).")
    static final class Clean implements Callable<Integer> {
        @ParentCommand
        LocalClusterCli parent;

        @Override
        public Integer call() throws InterruptedException {
            parent.cluster().clean();
            return 0;
        }
    }
}
