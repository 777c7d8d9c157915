package dev.kafkaremediator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The baseline of {@code scripts/bench-roll.sh}: each broker's own restart-to-in-sync time, without
 * the remediator. For each broker in turn, runs the restart command (an argument list with
 * {@code {id}}, run without a shell, its output to {@code --command-log}), and times from the
 * command's start until every partition of the cluster, internal topics included, has its ISR equal
 * to its replicas (polled every {@code --poll-interval-ms}, bounded by {@code --timeout}). Before the
 * first restart it waits for the cluster to be in sync; after each broker, untimed, it runs a
 * preferred leader election (as the roll does) so every restart starts from the same leadership.
 * Usage: {@code RestartBaseline -b HOSTS --brokers 1,2,3 -- scripts/local-cluster.sh --dir D restart {id}}.
 * With no {@code --brokers} it only waits for the cluster to be in sync. One line per broker:
 * {@code BASELINE broker=1 seconds=12.345 command-seconds=10.123}. Not a test.
 */
@Command(name = "RestartBaseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restarts brokers one at a time with a command and times each restart until every partition is in sync again."},
        footer = {"", "Exit status: 0 measured, 1 a restart command failed or the cluster did not get in sync in time, 2 usage error."})
public final class RestartBaseline implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--brokers", split = ",", paramLabel = "ID,...", description = "Brokers to restart, in this order (default: none, only await in sync).")
    List<Integer> brokers = new ArrayList<>();

    @Parameters(paramLabel = "RESTART-COMMAND", arity = "0..*",
            description = "The restart command and its arguments, after --; {id} is replaced by the broker id (run without a shell).")
    List<String> restartCommand = new ArrayList<>();

    @Option(names = "--command-log", paramLabel = "FILE", description = "Where the restart commands' output goes (default: inherited stderr).")
    Path commandLog;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Bound on each restart command and on each wait for in sync (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--poll-interval-ms", defaultValue = "200", description = "How often the ISRs are read (default ${DEFAULT-VALUE}).")
    int pollIntervalMs;

    @Option(names = "--no-election", description = "Skip the untimed preferred leader election after each broker.")
    boolean noElection;

    private final PrintStream out;
    private final PrintStream err;

    RestartBaseline(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RestartBaseline(System.out, System.err)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!brokers.isEmpty() && restartCommand.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--brokers needs a restart command (after --)");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
            long t0 = System.nanoTime();
            Optional<String> notInSync = awaitInSync(admin, t0);
            if (notInSync.isPresent()) {
                err.println("restart-baseline: the cluster is not in sync before the first restart: " + notInSync.get());
                return 1;
            }
            out.printf("IN-SYNC seconds=%.3f%n", (System.nanoTime() - t0) / 1e9);
            for (int broker : brokers) {
                List<String> command = restartCommand.stream().map(a -> a.replace("{id}", Integer.toString(broker))).toList();
                long start = System.nanoTime();
                int exit = run(command);
                long commandDone = System.nanoTime();
                if (exit != 0) {
                    err.printf("restart-baseline: broker %d: %s exited %d%n", broker, String.join(" ", command), exit);
                    return 1;
                }
                notInSync = awaitInSync(admin, start);
                long inSync = System.nanoTime();
                if (notInSync.isPresent()) {
                    err.printf("restart-baseline: broker %d: not in sync %d s after its restart: %s%n", broker, timeoutSeconds, notInSync.get());
                    return 1;
                }
                out.printf("BASELINE broker=%d seconds=%.3f command-seconds=%.3f%n", broker, (inSync - start) / 1e9, (commandDone - start) / 1e9);
                out.flush();
                if (!noElection) {
                    electPreferredLeaders(admin);
                }
            }
        }
        return 0;
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (commandLog != null) {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(commandLog.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            err.println("restart-baseline: " + String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            return -1;
        }
        return p.exitValue();
    }

    /** Polls until every partition's ISR equals its replicas; empty when so, else the last reason, after the timeout counted from {@code from}. */
    private Optional<String> awaitInSync(Admin admin, long from) throws InterruptedException {
        long bound = from + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long interval = TimeUnit.MILLISECONDS.toNanos(pollIntervalMs);
        String last = "not yet asked";
        while (true) {
            long next = System.nanoTime() + interval;
            try {
                Optional<String> lagging = firstLagging(admin);
                if (lagging.isEmpty()) {
                    return Optional.empty();
                }
                last = lagging.get();
            } catch (ExecutionException | TimeoutException e) {
                last = "cannot describe the topics: " + (e.getCause() == null ? e : e.getCause());
            }
            if (System.nanoTime() - bound > 0) {
                return Optional.of(last);
            }
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    /** The first partition whose ISR is not all of its replicas (or that has no leader), if any. */
    private static Optional<String> firstLagging(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        for (TopicDescription t : topics.values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.leader() == null || p.isr().size() != p.replicas().size() || !p.isr().containsAll(p.replicas())) {
                    return Optional.of(t.name() + "-" + p.partition() + " replicas " + ids(p.replicas()) + " isr " + ids(p.isr()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Integer> ids(List<org.apache.kafka.common.Node> nodes) {
        return nodes.stream().map(org.apache.kafka.common.Node::id).toList();
    }

    private void electPreferredLeaders(Admin admin) {
        try {
            admin.electLeaders(ElectionType.PREFERRED, null).partitions().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("restart-baseline: preferred leader election: " + e);
        }
    }
}
