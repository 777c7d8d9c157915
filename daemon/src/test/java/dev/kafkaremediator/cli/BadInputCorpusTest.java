package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus (#13): malformed configurations, policies, command lines and damaged state
 * files under {@code src/test/resources/bad-input/<category>/<case>.conf}, each pinned to its exit
 * code and the first line the user sees (stderr's, or stdout's when stderr is empty), and none of
 * them may show a stack trace. README ("The bad-input corpus") says how to add a case.
 *
 * <p>A case file is HOCON: {@code args} (the command line, {@code {dir}} standing for the case's
 * own temporary directory; {@code {today}} in a file's path is the UTC date), {@code exit}, {@code first-line}, {@code files} (each {@code path} and
 * {@code text}, or {@code base64} for bytes that are not text) and {@code cluster}: {@code none}
 * (the default: the command must fail before it connects to anything), {@code unreachable}
 * (Kafka's real clients against the configured address, e.g. 127.0.0.1:1) or {@code fake} (the
 * in-memory {@link TestCluster}, for commands that read damaged state after observing). A
 * {@code first-line} ending in "..." is pinned up to there; {@code stdout}, if given, is the whole of stdout. A file may
 * also give {@code repeat} (its bytes written that many times: a huge line), {@code append = true} (after an earlier
 * entry's bytes) and {@code mode} (POSIX permissions such as
 * {@code "---------"}; skipped where the user reads it anyway, as root does), or be {@code link = "TARGET"} instead: a symbolic link
 * (to a target that need not exist, or to itself). {@code expect-files} lists what must exist
 * afterwards: each a {@code glob} relative to the case's directory and optionally text it {@code contains}.
 */
class BadInputCorpusTest {
    private static final List<String> TRACES = List.of("at dev.", "Exception in thread", "\tat ", "Caused by:");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> corpus() throws Exception {
        Path root = Path.of(BadInputCorpusTest.class.getResource("/bad-input").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> cases = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
            return cases.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), () -> run(file)));
        }
    }

    private void run(Path caseFile) throws Exception {
        Config spec = ConfigFactory.parseFile(caseFile.toFile()).resolve();
        Path dir = Files.createDirectories(temp.resolve(caseFile.getParent().getFileName() + "-" + caseFile.getFileName()));
        for (Config file : spec.hasPath("files") ? spec.getConfigList("files") : List.<Config>of()) {
            // {today}: the UTC day, for state files that are read by date (history)
            Path target = dir.resolve(file.getString("path").replace("{today}", LocalDate.now(ZoneOffset.UTC).toString()));
            Files.createDirectories(target.getParent());
            if (file.hasPath("link")) {
                // link = "TARGET": a symbolic link to TARGET ({dir} replaced), which may not exist or may be the link itself (a loop)
                Files.createSymbolicLink(target, Path.of(file.getString("link").replace("{dir}", dir.toString())));
                continue;
            }
            byte[] bytes = file.hasPath("base64") ? Base64.getMimeDecoder().decode(file.getString("base64"))
                    // A triple-quoted text starts with the newline after its quotes: line 1 is the next one.
                    : file.getString("text").replaceFirst("^\n", "").replace("{dir}", dir.toString()).getBytes(StandardCharsets.UTF_8);
            // repeat: the bytes written that many times over (a huge line without a huge case file)
            // append = true: after the bytes an earlier entry put there (a huge line, then a good record)
            boolean append = file.hasPath("append") && file.getBoolean("append");
            try (OutputStream stream = new BufferedOutputStream(append ? Files.newOutputStream(target, java.nio.file.StandardOpenOption.APPEND)
                    : Files.newOutputStream(target))) {
                for (int i = 0, n = file.hasPath("repeat") ? file.getInt("repeat") : 1; i < n; i++) {
                    stream.write(bytes);
                }
            }
            if (file.hasPath("mode")) {
                // mode = "---------": a file the remediator may not read. Root reads it anyway: the case means nothing there.
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(file.getString("mode")));
                Assumptions.assumeFalse(file.getString("mode").charAt(0) != 'r' && Files.isReadable(target),
                        "this user reads " + target + " whatever its mode says (root?): the case cannot be played");
            }
        }
        String[] args = spec.getStringList("args").stream().map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
        AtomicBoolean connected = new AtomicBoolean();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RemediatorCli.execute(environment(spec.hasPath("cluster") ? spec.getString("cluster") : "none", connected),
                new PrintWriter(out, true), new PrintWriter(err, true), args);

        String shown = err.toString().isBlank() ? out.toString() : err.toString();
        String first = shown.strip().lines().findFirst().orElse("");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String expected = spec.getString("first-line").strip().replace("{dir}", dir.toString()).replace("{today}", today);
        String actual = "exit " + exit + ": " + first;
        String record = System.getProperty("bad-input.actual");
        if (record != null) {
            // -Dbad-input.actual=FILE: every case's exit and first line, {dir} put back, for pinning a new case (README).
            String second = shown.strip().lines().skip(1).findFirst().orElse("").strip();
            Files.writeString(Path.of(record), caseFile + "\t" + exit + "\t" + first.replace(dir.toString(), "{dir}").replace(today, "{today}") + "\t"
                    + second.replace(dir.toString(), "{dir}").replace(today, "{today}") + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        if (expected.endsWith("...")) {
            // The rest depends on timing (which of Kafka's timeouts fires first): pinned up to the "...".
            String prefix = expected.substring(0, expected.length() - 3);
            actual = actual.startsWith("exit " + exit + ": " + prefix) ? "exit " + exit + ": " + expected : actual;
        }
        assertEquals("exit " + spec.getInt("exit") + ": " + expected, actual, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        if (spec.hasPath("stdout")) {
            assertEquals(spec.getString("stdout"), out.toString().strip(), "stdout");
        }
        if (spec.hasPath("second-line")) {
            // "invalid configuration (1 problem):" says little alone: such cases pin the problem too.
            String second = shown.strip().lines().skip(1).findFirst().orElse("").strip();
            assertEquals(spec.getString("second-line").strip().replace("{dir}", dir.toString()).replace("{today}", today), second);
        }
        for (String trace : TRACES) {
            assertThat(out.toString() + err).as("no stack trace reaches the user").doesNotContain(trace);
        }
        if (spec.hasPath("never-printed")) {
            assertThat(out.toString() + err).as("a secret of the case is printed").doesNotContain(spec.getString("never-printed"));
        }
        for (Config file : spec.hasPath("expect-files") ? spec.getConfigList("expect-files") : List.<Config>of()) {
            // What the command left in the state directory: a damaged tail set aside, a correction appended.
            String glob = file.getString("glob").replace("{today}", today);
            java.nio.file.PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
            List<Path> found;
            try (Stream<Path> walk = Files.walk(dir)) {
                found = walk.filter(p -> matcher.matches(dir.relativize(p))).toList();
            }
            assertThat(found).as("files matching " + glob + " after the command").isNotEmpty();
            if (file.hasPath("contains")) {
                String text = file.getString("contains").replace("{today}", today).replace("{dir}", dir.toString());
                assertThat(found).as(glob + " holding " + text).anyMatch(p -> {
                    try {
                        return Files.isRegularFile(p) && Files.readString(p, StandardCharsets.ISO_8859_1).contains(text);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
            }
        }
        if (!spec.hasPath("cluster") || spec.getString("cluster").equals("none")) {
            assertFalse(connected.get(), "connected to a cluster although the input was bad");
        }
    }

    private static CliEnvironment environment(String cluster, AtomicBoolean connected) {
        switch (cluster) {
            case "none" -> {
                CliEnvironment real = CliEnvironment.production();
                return new CliEnvironment(real.clock(), config -> {
                    connected.set(true);
                    throw new IllegalStateException("the corpus case connected to " + config.name());
                }, config -> {
                    connected.set(true);
                    throw new IllegalStateException("the corpus case connected to " + config.name());
                }, real.stores());
            }
            case "unreachable" -> {
                return CliEnvironment.production();
            }
            case "fake" -> {
                TestCluster fake = new TestCluster(3);
                fake.snapshot(); // publishes the brokers to the in-memory Admin
                Clock clock = Clock.systemUTC();
                return new CliEnvironment(clock,
                        config -> new ClusterConnections(config, fake.admin, fake.jmx(), Executors.newCachedThreadPool(), clock),
                        config -> new ActionConnections(fake.changes, fake.diagnostics, null, null),
                        config -> StateStores.files(config, clock));
            }
            default -> throw new IllegalArgumentException("cluster = none | unreachable | fake, got " + cluster);
        }
    }
}
