package dev.kafkaremediator.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options both launchers pass (scripts/remediator, and the one install.sh writes): the
 * daemon's memory defaults for {@code run} only, then REMEDIATOR_JAVA_OPTS, whose options come last
 * and so win, and whose collector replaces ours. No JVM is started: JAVA_HOME points at a stub
 * {@code java} that prints its arguments, and the jar is an empty file. A second or so.
 */
class LauncherJavaOptsTest {
    private static final Path HOME = projectHome();
    private static final List<String> DAEMON = List.of("-Xms16m", "-Xmx48m", "-XX:MaxMetaspaceSize=96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");

    @TempDir
    static Path tmp;
    static Path jdk;
    static Path jar;
    static Path installed;

    @BeforeAll
    static void stubs() throws Exception {
        jdk = tmp.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.createFile(tmp.resolve("kafka-remediator.jar"));
        Path root = tmp.resolve("root");
        List<String> lines = run(List.of(HOME.resolve("scripts/install.sh").toString(), "--root", root.toString(), "--no-user"), Map.of());
        assertThat(String.join("\n", lines)).contains("Installed.");
        installed = root.resolve("usr/local/bin/kafka-remediator");
    }

    @Test
    void theDaemonGetsBoundedMemory() throws Exception {
        for (Path launcher : launchers()) {
            List<String> args = launch(launcher, Map.of(), "run", "--config", "c.conf");
            assertThat(args).as(launcher.toString()).containsSubsequence(DAEMON).containsSubsequence("run", "--config", "c.conf");
            assertThat(args.indexOf("-Xmx48m")).isLessThan(args.indexOf("run"));
        }
    }

    @Test
    void theOnCallCommandsKeepTheJvmDefaults() throws Exception {
        for (Path launcher : launchers()) {
            for (String command : List.of("status", "roll", "--version")) {
                assertThat(launch(launcher, Map.of(), command)).as(launcher + " " + command).doesNotContainAnyElementsOf(DAEMON);
            }
            // "run" as the value of an option is not the run command.
            assertThat(launch(launcher, Map.of(), "status", "--cluster", "run")).doesNotContain("-Xmx48m");
        }
    }

    @Test
    void theOverrideComesLastAndIsNeverGlobbed() throws Exception {
        for (Path launcher : launchers()) {
            List<String> args = launch(launcher, Map.of("REMEDIATOR_JAVA_OPTS", "-Xmx256m -Dx=*"), "run");
            assertThat(args).as(launcher.toString()).containsSubsequence("-Xmx48m", "-Xmx256m", "-Dx=*", "run").contains("-XX:+UseSerialGC");
            assertThat(launch(launcher, Map.of("REMEDIATOR_JAVA_OPTS", "-Xmx1g"), "status")).contains("-Xmx1g");
        }
    }

    @Test
    void aCollectorChosenInTheOverrideReplacesOurs() throws Exception {
        for (Path launcher : launchers()) {
            List<String> args = launch(launcher, Map.of("REMEDIATOR_JAVA_OPTS", "-XX:+UseG1GC"), "run");
            assertThat(args).as(launcher.toString()).contains("-XX:+UseG1GC", "-Xmx48m").doesNotContain("-XX:+UseSerialGC");
        }
    }

    private static List<Path> launchers() {
        return List.of(HOME.resolve("scripts/remediator"), installed);
    }

    private static List<String> launch(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private static List<String> run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "launch-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().remove("REMEDIATOR_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("REMEDIATOR_JAR", jar.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 30 s");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command + ":\n" + String.join("\n", lines)).isZero();
        return lines;
    }

    private static Path projectHome() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/lib.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scripts/lib.sh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
