package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code scripts/install.sh} into a temporary root ({@code --root DIR --no-user}): the files land
 * where the README and the unit expect them, the installed launcher runs, the example
 * configuration and the shipped policies validate, a second install keeps an operator's edits, and
 * (where {@code systemd-analyze} exists) the installed unit verifies. No cluster.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the shared cluster's tests (junit-platform.properties)
@ResourceLock("InstallIT")
@Order(1)
class InstallIT {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5); // builds the jar if it is missing
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);
    private static final String UNIT = "etc/systemd/system/kafka-remediator.service";
    private static final String EXEC_START = "ExecStart=/usr/local/bin/kafka-remediator run --config /etc/kafka-remediator/remediator.conf";

    @TempDir
    Path root;

    @Test
    void installsTheJarLauncherConfigurationPoliciesAndUnit() throws Exception {
        install(root, "--no-user");

        Path jar = root.resolve("usr/local/lib/kafka-remediator/kafka-remediator.jar");
        assertThat(jar).isRegularFile();
        assertThat(Files.mismatch(jar, builtJar())).as("the installed jar is the built one").isEqualTo(-1L);
        assertThat(root.resolve("usr/local/bin/kafka-remediator")).isRegularFile().isExecutable();
        assertThat(root.resolve("usr/local/share/doc/kafka-remediator/README.md")).isRegularFile();
        for (String monitoring : List.of("kafka-remediator.grafana.json", "kafka-remediator.rules.yml")) {
            assertThat(root.resolve("usr/local/share/kafka-remediator/monitoring").resolve(monitoring))
                    .hasSameBinaryContentAs(RunningCluster.projectHome().resolve("systemd/monitoring").resolve(monitoring));
        }
        for (Path shipped : shippedPolicies()) {
            assertThat(root.resolve("etc/kafka-remediator/policies").resolve(shipped.getFileName())).hasSameBinaryContentAs(shipped);
        }
        assertThat(root.resolve("etc/kafka-remediator/remediator.conf")).content(StandardCharsets.UTF_8)
                .contains("state-dir = \"/var/lib/kafka-remediator\"", "policy-dir = \"/etc/kafka-remediator/policies\"", "dry-run = true");
        assertThat(root.resolve("etc/kafka-remediator/remediator.env.example")).content(StandardCharsets.UTF_8)
                .contains("KAFKA_JMX_PASSWORD=", "KAFKA_JAAS=", "SLACK_WEBHOOK_URL=", "REMEDIATOR_JAVA_OPTS=", "REMEDIATOR_LOG_LEVEL=");
        Path stateDir = root.resolve("var/lib/kafka-remediator");
        assertThat(stateDir).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir))).isEqualTo("rwxr-x---");

        List<String> unit = activeLines(root.resolve(UNIT));
        assertThat(unit).contains(EXEC_START, "User=kafka-remediator", "Group=kafka-remediator", "ExecReload=/bin/kill -HUP $MAINPID",
                "StateDirectory=kafka-remediator", "ProtectSystem=strict", "NoNewPrivileges=yes", "CapabilityBoundingSet=");
        assertThat(unit).as("the JVM's JIT needs writable+executable memory")
                .noneMatch(l -> l.startsWith("MemoryDenyWriteExecute="))
                .noneMatch(l -> l.startsWith("DynamicUser="))
                .noneMatch(l -> l.startsWith("PrivateNetwork="));
    }

    @Test
    void theInstalledLauncherRunsAndTheInstalledConfigurationValidates() throws Exception {
        install(root, "--no-user");
        Path launcher = root.resolve("usr/local/bin/kafka-remediator");

        Scripts.Result version = launch(launcher, "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).contains("kafka-remediator");

        // The installed remediator.conf names /etc/kafka-remediator/policies; an explicit PATH validates the installed copies.
        Scripts.Result valid = launch(launcher, "validate", "--config", root.resolve("etc/kafka-remediator/remediator.conf").toString(),
                root.resolve("etc/kafka-remediator/policies").toString());
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("valid:", "with clusters [example]");
    }

    @Test
    void aSecondInstallKeepsEditedFilesAndPutsTheShippedPolicyBesideIt() throws Exception {
        install(root, "--no-user");
        Path policies = root.resolve("etc/kafka-remediator/policies");
        Path edited = policies.resolve("producer-id-leak.conf");
        String shipped = Files.readString(edited, StandardCharsets.UTF_8);
        String operatorsPolicy = shipped + "\n# tuned by the operator\n";
        Files.writeString(edited, operatorsPolicy, StandardCharsets.UTF_8);
        Path conf = root.resolve("etc/kafka-remediator/remediator.conf");
        String operatorsConf = Files.readString(conf, StandardCharsets.UTF_8).replace("observe-interval = 1m", "observe-interval = 2m");
        Files.writeString(conf, operatorsConf, StandardCharsets.UTF_8);

        Scripts.Result again = install(root, "--no-user");

        assertThat(edited).content(StandardCharsets.UTF_8).isEqualTo(operatorsPolicy);
        assertThat(policies.resolve("producer-id-leak.conf.new")).content(StandardCharsets.UTF_8).isEqualTo(shipped);
        assertThat(again.output()).contains("producer-id-leak.conf differs from the shipped one: kept", "producer-id-leak.conf.new");
        assertThat(conf).content(StandardCharsets.UTF_8).isEqualTo(operatorsConf);
        try (Stream<Path> files = Files.list(policies)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".new")))
                    .as("only the edited policy gets a .new").containsExactly("producer-id-leak.conf.new");
        }
        // A .conf.new beside the policies is not a policy: the directory still validates.
        Scripts.Result valid = launch(root.resolve("usr/local/bin/kafka-remediator"), "validate", "--config", conf.toString(), policies.toString());
        assertThat(valid.exitCode()).as(valid.output()).isZero();
    }

    @Test
    void anotherPrefixMovesTheLauncherAndTheUnitsExecStart() throws Exception {
        install(root, "--no-user", "--prefix", "/opt/kafka-remediator");

        assertThat(root.resolve("opt/kafka-remediator/bin/kafka-remediator")).isExecutable();
        assertThat(root.resolve("opt/kafka-remediator/lib/kafka-remediator/kafka-remediator.jar")).isRegularFile();
        assertThat(activeLines(root.resolve(UNIT)))
                .contains("ExecStart=/opt/kafka-remediator/bin/kafka-remediator run --config /etc/kafka-remediator/remediator.conf");
        Scripts.Result version = launch(root.resolve("opt/kafka-remediator/bin/kafka-remediator"), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
    }

    @Test
    void refusesUsageErrorsBeforeInstallingAnything() throws Exception {
        Scripts.Result unknown = Scripts.run(COMMAND_TIMEOUT, "install.sh", "--root", root.toString(), "--no-user", "--bogus");
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown argument '--bogus'");

        // A staging root cannot get the system user: that is refused, not done on this machine.
        Scripts.Result withUser = Scripts.run(COMMAND_TIMEOUT, "install.sh", "--root", root.toString());
        assertThat(withUser.exitCode()).as(withUser.output()).isEqualTo(2);
        assertThat(withUser.output()).contains("--no-user");

        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).as("nothing installed").isEmpty();
        }
        Scripts.Result help = Scripts.run(COMMAND_TIMEOUT, "install.sh", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("--root", "--prefix", "--no-user");
    }

    /**
     * {@code systemd-analyze verify} checks that ExecStart's binary exists, so the unit is verified
     * as a copy whose ExecStart points at the launcher installed under the temporary root; every
     * other line is the installed unit's. (With {@code --root=} instead, it misses the system's
     * targets and /bin/kill inside the temporary root.) Skipped where systemd-analyze is absent or
     * cannot verify even a trivial unit (some containers).
     */
    @Test
    void theInstalledUnitPassesSystemdAnalyzeVerify(@TempDir Path units) throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        Path trivial = units.resolve("install-it-trivial.service");
        Files.writeString(trivial, "[Unit]\nDescription=trivial\n[Service]\nExecStart=/bin/sh -c true\n", StandardCharsets.UTF_8);
        Scripts.Result baseline = run(List.of("systemd-analyze", "--man=no", "verify", trivial.toString()));
        Assumptions.assumeTrue(baseline.exitCode() == 0, () -> "systemd-analyze cannot verify units here: " + baseline.output());

        install(root, "--no-user");
        Path launcher = root.resolve("usr/local/bin/kafka-remediator");
        assertThat(launcher.toString()).as("an ExecStart path without quoting").doesNotContainAnyWhitespaces();
        String installed = Files.readString(root.resolve(UNIT), StandardCharsets.UTF_8);
        assertThat(installed).contains(EXEC_START);
        Path copy = units.resolve("kafka-remediator.service");
        Files.writeString(copy, installed.replace("ExecStart=/usr/local/bin/kafka-remediator", "ExecStart=" + launcher), StandardCharsets.UTF_8);

        Scripts.Result verify = run(List.of("systemd-analyze", "--man=no", "verify", copy.toString()));

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output().lines().filter(l -> l.contains("kafka-remediator.service")))
                .as("no warning or error about the unit").isEmpty();
    }

    private static Scripts.Result install(Path root, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--root", root.toString()));
        args.addAll(List.of(options));
        Scripts.Result result = Scripts.run(INSTALL_TIMEOUT, "install.sh", args.toArray(String[]::new));
        assertThat(result.exitCode()).as("install.sh " + args + ":\n" + result.output()).isZero();
        assertThat(result.output()).contains("systemctl daemon-reload && systemctl enable --now kafka-remediator");
        return result;
    }

    /** The installed launcher, with the test's own Java (17) as JAVA_HOME. */
    private static Scripts.Result launch(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Scripts.Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("install-it-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("REMEDIATOR_CONFIG");
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish within " + COMMAND_TIMEOUT + "; output:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Scripts.Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path builtJar() {
        String jar = System.getProperty("remediator.jar");
        return jar != null ? Path.of(jar) : RunningCluster.projectHome().resolve("daemon/target/kafka-remediator.jar");
    }

    private static List<Path> shippedPolicies() throws IOException {
        try (Stream<Path> files = Files.list(RunningCluster.projectHome().resolve("policies"))) {
            List<Path> policies = files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
            assertThat(policies).isNotEmpty();
            return policies;
        }
    }

    /** The unit's settings: lines that are neither blank nor comments. */
    private static List<String> activeLines(Path unit) throws IOException {
        return Files.readAllLines(unit, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";")).toList();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
