package dev.kafkaremediator.localcluster;

import dev.kafkaremediator.time.BoundedWait;
import dev.kafkaremediator.time.BoundedWait.Poll;
import dev.kafkaremediator.time.WaitTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts broker JVMs and finds, signals and awaits them by PID. A recorded PID is only trusted
 * while that process's command line still names this node's server.properties, so a PID reused
 * by the operating system is never signalled.
 */
final class BrokerProcesses {
    static final String MAIN_CLASS = "kafka.Kafka";
    private static final Duration POLL = Duration.ofMillis(200);

    private final LocalClusterSettings settings;
    private final BoundedWait wait;

    BrokerProcesses(LocalClusterSettings settings, BoundedWait wait) {
        this.settings = settings;
        this.wait = wait;
    }

    /** The live broker process of this node, if the recorded PID still is one. */
    Optional<ProcessHandle> live(NodeState node) {
        if (node.pid() == null) {
            return Optional.empty();
        }
        String marker = settings.layout().serverProperties(node.id()).toString();
        return ProcessHandle.of(node.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(MAIN_CLASS + " " + marker)).orElse(false));
    }

    /** Formats a node's KRaft storage with Kafka's own storage tool. */
    Process format(NodeState node, String clusterId, String classpath) throws IOException {
        Path argFile = writeClasspathArgFile(classpath);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "@" + argFile,
                "kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", settings.layout().serverProperties(node.id()).toString(), "--ignore-formatted"));
        Path log = settings.layout().nodeDir(node.id()).resolve("format.log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Launches a node's broker JVM, its output appended to the node's broker.log. Returns its PID. */
    long launch(NodeState node, String classpath, boolean jmxAuth) throws IOException {
        Path argFile = writeClasspathArgFile(classpath);
        Path log = settings.layout().brokerLog(node.id());
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xms" + settings.heapMb() + "m");
        command.add("-Xmx" + settings.heapMb() + "m");
        command.add("-XX:+UseG1GC");
        command.add("-XX:MaxGCPauseMillis=20");
        command.add("-Djava.awt.headless=true");
        // Remote JMX on loopback only, without a password unless the cluster was made with --jmx-auth
        // (as production runs it): the remediator reads heap and ProducerIdCount through it.
        command.add("-Dcom.sun.management.jmxremote");
        command.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
        command.add("-Djava.rmi.server.hostname=127.0.0.1");
        command.add("-Dcom.sun.management.jmxremote.port=" + node.jmxPort());
        command.add("-Dcom.sun.management.jmxremote.rmi.port=" + node.jmxPort());
        if (jmxAuth) {
            command.add("-Dcom.sun.management.jmxremote.authenticate=true");
            command.add("-Dcom.sun.management.jmxremote.password.file=" + settings.layout().jmxPasswordFile(node.id()));
            command.add("-Dcom.sun.management.jmxremote.access.file=" + settings.layout().jmxAccessFile());
        } else {
            command.add("-Dcom.sun.management.jmxremote.authenticate=false");
        }
        command.add("-Dcom.sun.management.jmxremote.ssl=false");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
        command.add("-Dorg.slf4j.simpleLogger.log.kafka.request.logger=warn");
        command.add("@" + argFile);
        command.add(MAIN_CLASS);
        command.add(settings.layout().serverProperties(node.id()).toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        return process.pid();
    }

    /** SIGTERM, then waits for the exit; SIGKILL if it does not exit within the stop timeout. Returns how it ended. */
    String stop(ProcessHandle handle, int id) throws InterruptedException {
        handle.destroy();
        try {
            awaitExit(handle, id, settings.stopTimeout());
            return "stopped";
        } catch (WaitTimeoutException e) {
            handle.destroyForcibly();
            awaitExitOrFail(handle, id);
            return "killed after no exit within " + settings.stopTimeout().toSeconds() + "s of SIGTERM";
        }
    }

    /** SIGKILL and wait for the exit. */
    void kill(ProcessHandle handle, int id) throws InterruptedException {
        handle.destroyForcibly();
        awaitExitOrFail(handle, id);
    }

    private void awaitExitOrFail(ProcessHandle handle, int id) throws InterruptedException {
        try {
            awaitExit(handle, id, Duration.ofSeconds(30));
        } catch (WaitTimeoutException e) {
            throw new LocalClusterException("broker " + id + " (pid " + handle.pid() + ") did not exit after SIGKILL: " + e.getMessage());
        }
    }

    private void awaitExit(ProcessHandle handle, int id, Duration timeout) throws WaitTimeoutException, InterruptedException {
        wait.until("broker " + id + " (pid " + handle.pid() + ") to exit", timeout, POLL,
                () -> handle.isAlive() ? Poll.notYet("still running") : Poll.done(Boolean.TRUE));
    }

    private Path writeClasspathArgFile(String classpath) throws IOException {
        // An argument file keeps the broker's command line short and readable in ps.
        Path argFile = settings.layout().dir().resolve("broker-classpath.args");
        String content = "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n";
        if (!Files.exists(argFile) || !Files.readString(argFile, StandardCharsets.UTF_8).equals(content)) {
            Files.writeString(argFile, content, StandardCharsets.UTF_8);
        }
        return argFile;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
