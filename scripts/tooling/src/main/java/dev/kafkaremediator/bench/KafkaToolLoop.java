package dev.kafkaremediator.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Kafka's own tool, {@code org.apache.kafka.tools.TransactionsCommand describe-producers} (the class
 * behind {@code bin/kafka-transactions.sh}, from {@code kafka-tools}), asked about one partition at
 * a time, as an operator without the remediator would loop over partitions.
 *
 * <p>Two ways: a JVM per partition, exactly what the shell script does; or in this JVM, through
 * the tool's own package-private {@code execute(String[], Function<Namespace, Admin>, PrintStream, Time)}
 * (its {@code main} is only that call with {@code System.out}), which parses the same arguments,
 * runs the same {@code DescribeProducersCommand} and prints the same table. {@code execute} ends
 * with {@code Exit.exit(0)} (and {@code Exit.exit(1)} on errors), so while this class runs the tool
 * in-process, Kafka's exit procedure is replaced: 0 returns, anything else throws.
 *
 * <p>kafka-tools is not a dependency of the remediator: the class is looked up at run time on the
 * classpath the benchmark is started with (the local cluster's {@code broker.classpath}).
 */
final class KafkaToolLoop {
    static final String TOOL_CLASS = "org.apache.kafka.tools.TransactionsCommand";

    /** Kafka's {@code kafka-run-class.sh} defaults for a tool JVM (KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS). */
    static final String KAFKA_RUN_CLASS_JVM_OPTS = "-Xmx256M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20"
            + " -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true";

    /** The tool exited with a non-zero status. */
    static final class ToolFailed extends RuntimeException {
        ToolFailed(String message) {
            super(message);
        }
    }

    /** One call's answer: the rows of the tool's table (one per active producer) and the time it took. */
    record Call(TopicPartition partition, int producers, long nanos) { }

    private final String bootstrapServers;
    private final Method execute;

    KafkaToolLoop(String bootstrapServers) throws ReflectiveOperationException {
        this.bootstrapServers = bootstrapServers;
        Class<?> tool = Class.forName(TOOL_CLASS);
        this.execute = tool.getDeclaredMethod("execute", String[].class, Function.class, PrintStream.class, Time.class);
        this.execute.setAccessible(true);
    }

    /** Where the tool class was loaded from, for the report. */
    static String toolLocation() {
        try {
            var source = Class.forName(TOOL_CLASS).getProtectionDomain().getCodeSource();
            return source == null ? "?" : Path.of(source.getLocation().toURI()).getFileName().toString();
        } catch (Exception e) {
            return "?";
        }
    }

    String[] arguments(TopicPartition tp) {
        return new String[] {"--bootstrap-server", bootstrapServers, "describe-producers",
                "--topic", tp.topic(), "--partition", String.valueOf(tp.partition())};
    }

    /** An Admin as the tool's own main makes one: {@code bootstrap.servers} and nothing else (no --command-config). */
    Admin newToolAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Runs the tool in this JVM once per partition, in order, all with the given Admin (the
     * cheapest a per-partition loop can be: no JVM start, no new connections). Returns each call.
     */
    List<Call> inProcess(List<TopicPartition> partitions, Admin shared) throws Exception {
        List<Call> calls = new ArrayList<>(partitions.size());
        withExitTrapped(() -> {
            for (TopicPartition tp : partitions) {
                long start = System.nanoTime();
                int rows = runInProcess(tp, ns -> shared);
                calls.add(new Call(tp, rows, System.nanoTime() - start));
            }
        });
        return calls;
    }

    /**
     * Runs the tool in this JVM once per partition, each call with a new Admin as the tool's main
     * creates (closed after the call, which the real tool leaves to the JVM's exit).
     */
    List<Call> inProcessFreshAdmin(List<TopicPartition> partitions) throws Exception {
        List<Call> calls = new ArrayList<>(partitions.size());
        withExitTrapped(() -> {
            for (TopicPartition tp : partitions) {
                long start = System.nanoTime();
                Admin[] created = new Admin[1];
                int rows;
                try {
                    rows = runInProcess(tp, ns -> created[0] = newToolAdmin());
                } finally {
                    if (created[0] != null) {
                        created[0].close();
                    }
                }
                calls.add(new Call(tp, rows, System.nanoTime() - start));
            }
        });
        return calls;
    }

    /** Runs the tool as its own JVM once per partition, as {@code kafka-transactions.sh} would. */
    List<Call> jvmPerPartition(List<TopicPartition> partitions, String classpath, List<String> jvmOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Call> calls = new ArrayList<>(partitions.size());
        Path stderr = Files.createTempFile("bench-census-tool", ".err");
        try {
            for (TopicPartition tp : partitions) {
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(jvmOptions);
                command.add("-cp");
                command.add(classpath);
                command.add(TOOL_CLASS);
                command.addAll(List.of(arguments(tp)));
                long start = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new ToolFailed("the tool JVM for " + tp + " did not exit within 120s");
                }
                long nanos = System.nanoTime() - start;
                if (process.exitValue() != 0) {
                    throw new ToolFailed("the tool JVM for " + tp + " exited " + process.exitValue() + ": " + tail(stderr));
                }
                calls.add(new Call(tp, tableRows(out), nanos));
            }
        } finally {
            Files.deleteIfExists(stderr);
        }
        return calls;
    }

    private int runInProcess(TopicPartition tp, Function<Object, Admin> adminFactory) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        try (PrintStream out = new PrintStream(buffer, false, StandardCharsets.UTF_8)) {
            execute.invoke(null, arguments(tp), adminFactory, out, Time.SYSTEM);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        }
        return tableRows(buffer.toString(StandardCharsets.UTF_8));
    }

    /** The tool prints a header line, then one line per active producer. */
    static int tableRows(String output) {
        int lines = 0;
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines++;
            }
        }
        return Math.max(0, lines - 1);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void withExitTrapped(Body body) throws Exception {
        Exit.setExitProcedure((status, message) -> {
            if (status != 0) {
                throw new ToolFailed("TransactionsCommand exited " + status + (message == null ? "" : ": " + message));
            }
        });
        try {
            body.run();
        } finally {
            Exit.resetExitProcedure();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }
}
