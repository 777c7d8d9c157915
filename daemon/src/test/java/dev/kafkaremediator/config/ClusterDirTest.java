package dev.kafkaremediator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster-dir}: one cluster per file, named by the file, merged over cluster-defaults, problems with file and line. */
class ClusterDirTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Path config() throws Exception {
        return write("remediator.conf", """
                remediator {
                  cluster-dir = "clusters.d"
                  cluster-defaults.timeouts.admin = 3s
                  clusters.main { bootstrap-servers = "main:9092" }
                }
                """);
    }

    @Test
    void eachFileIsOneClusterNamedByTheFileOverTheDefaults() throws Exception {
        Path file = config();
        write("clusters.d/orders-eu.conf", "bootstrap-servers = \"eu:9092\"\njmx.port = 9999\n");
        write("clusters.d/payments.conf", "bootstrap-servers = \"pay:9092\"\ntimeouts.admin = 5s\n");
        write("clusters.d/README", "not a cluster");
        write("clusters.d/old.conf~", "bootstrap-servers = 7");

        RemediatorConfig config = ConfigLoader.load(file);

        assertThat(config.clusters().keySet()).containsExactlyInAnyOrder("main", "orders-eu", "payments");
        assertEquals(Optional.of(dir.resolve("clusters.d")), config.clusterDir());
        assertEquals("eu:9092", config.cluster("orders-eu").bootstrapServers());
        assertEquals(Duration.ofSeconds(3), config.cluster("orders-eu").timeouts().admin());
        assertEquals(Duration.ofSeconds(5), config.cluster("payments").timeouts().admin());
    }

    @Test
    void anEmptyDirectoryAddsNothing() throws Exception {
        Path file = config();
        Files.createDirectories(dir.resolve("clusters.d"));
        assertThat(ConfigLoader.load(file).clusters().keySet()).containsExactly("main");
    }

    @Test
    void problemsNameTheFileAndLine() throws Exception {
        Path file = config();
        write("clusters.d/a.conf", "bootstrap-servers = \"a:9092\"\n\nbootstrap-server = \"typo:9092\"\n");
        write("clusters.d/main.conf", "bootstrap-servers = \"again:9092\"\n");
        write("clusters.d/bad name.conf", "bootstrap-servers = \"x:9092\"\n");
        write("clusters.d/broken.conf", "bootstrap-servers = \"x:9092\n");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).map(ConfigProblem::toString).anySatisfy(p -> assertThat(p)
                .startsWith(dir.resolve("clusters.d/a.conf") + ":3: bootstrap-server: unknown key; did you mean 'bootstrap-servers'?"));
        assertThat(e.problems()).map(ConfigProblem::toString).anySatisfy(p -> assertThat(p)
                .startsWith(dir.resolve("clusters.d/main.conf") + ": cluster 'main' is also configured in remediator.clusters (" + file + ":4)"));
        assertThat(e.problems()).map(ConfigProblem::toString).anySatisfy(p -> assertThat(p)
                .startsWith(dir.resolve("clusters.d/bad name.conf") + ": the file's name is the cluster's name"));
        assertThat(e.problems()).map(ConfigProblem::toString).anySatisfy(p -> assertThat(p)
                .startsWith(dir.resolve("clusters.d/broken.conf") + ":1:"));
    }

    @Test
    void aMissingDirectoryIsAProblemAtTheKey() throws Exception {
        Path file = config();
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.problems()).map(ConfigProblem::toString)
                .containsExactly(file + ":2: remediator.cluster-dir: no such directory: " + dir.resolve("clusters.d"));
    }

    @Test
    void aFileWithoutBootstrapServersSaysSoWithItsFile() throws Exception {
        Path file = config();
        write("clusters.d/empty.conf", "jmx.port = 9999\n");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.problems()).map(ConfigProblem::toString).singleElement().asString()
                .startsWith(dir.resolve("clusters.d/empty.conf").toString()).contains("bootstrap-servers: missing");
    }

    @Test
    void aFileOverTheBoundIsRefusedWithItsSizeAndTheBound() throws Exception {
        Path file = config();
        write("clusters.d/a.conf", "bootstrap-servers = \"a:9092\"\n");
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(dir.resolve("clusters.d/huge.conf").toFile(), "rw")) {
            huge.setLength(60L * 1024 * 1024);
        }

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(dir.resolve("clusters.d/huge.conf")
                + ": 62,914,560 bytes; a cluster file may hold at most 65,536 bytes (64 KiB): not read (the parser needs about 80 times a file's"
                + " size in heap)");
    }

    @Test
    void theConfigurationFileHasABoundToo() throws Exception {
        Path file = write("remediator.conf", "remediator.clusters.main { bootstrap-servers = \"main:9092\" }\n" + "#".repeat(300 * 1024) + "\n");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).map(ConfigProblem::toString).singleElement().asString()
                .startsWith(file + ": 307,262 bytes; the configuration file may hold at most 262,144 bytes (256 KiB): not read");
    }

    @Test
    void linksToNothingAndLoopsAreNamedNotDropped() throws Exception {
        Path file = config();
        Files.createDirectories(dir.resolve("clusters.d"));
        Files.createSymbolicLink(dir.resolve("clusters.d/gone.conf"), dir.resolve("nowhere.conf"));
        Files.createSymbolicLink(dir.resolve("clusters.d/loop.conf"), Path.of("loop.conf"));
        write("real.conf", "bootstrap-servers = \"real:9092\"\n");
        Files.createSymbolicLink(dir.resolve("clusters.d/linked.conf"), dir.resolve("real.conf"));

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
                dir.resolve("clusters.d/gone.conf") + ": a symbolic link to " + dir.resolve("nowhere.conf")
                        + ", which does not exist; expected a cluster file (.conf): fix or remove it",
                dir.resolve("clusters.d/loop.conf") + ": a symbolic link loop (loop.conf); expected a cluster file (.conf): fix or remove it");
    }

    @Test
    void aNameThatIsNotUtf8IsNamedAsSuchNotAMissingFile() throws Exception {
        Path file = config();
        Files.createDirectories(dir.resolve("clusters.d"));
        // Java cannot spell a name that is not UTF-8 here (sun.jnu.encoding is UTF-8): the shell writes its bytes.
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf 'bootstrap-servers = \"b:9092\"\\n' > \"$(printf 'b\\377')\".conf")
                .directory(dir.resolve("clusters.d").toFile()).inheritIO().start();
        assertEquals(0, p.waitFor());

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).map(ConfigProblem::toString).singleElement().asString()
                .endsWith(": the file's name is not valid UTF-8 (shown with \uFFFD); the file's name is the cluster's name: rename it with letters,"
                        + " digits, '.', '_' and '-' before .conf")
                .doesNotContain("FileNotFoundException");
    }

    @Test
    void twoClustersListingOneBootstrapAddressAreOneClusterTwice() throws Exception {
        Path file = config();
        write("clusters.d/orders.conf", "bootstrap-servers = \"kafka-1:9092,kafka-2:9092\"\n");
        write("clusters.d/orders-again.conf", "bootstrap-servers = \"KAFKA-2:9092\"\n");

        assertThat(SharedBootstrap.warnings(ConfigLoader.load(file).clusters())).containsExactly("cluster 'orders-again' lists KAFKA-2:9092 as"
                + " cluster 'orders' does: one cluster watched under two names has two sets of cooldowns and daily limits, each acting as if the"
                + " other did not exist; define it once");
    }

    @Test
    void tensOfThousandsOfUnknownKeysAreCappedAndCounted() throws Exception {
        StringBuilder text = new StringBuilder("remediator {\n  clusters.main { bootstrap-servers = \"main:9092\" }\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("  k").append(i).append(" = 1\n");
        }
        Path file = write("remediator.conf", text.append("}\n").toString());

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertEquals(ConfigProblems.KEPT, e.problems().size());
        assertEquals(20_000, e.total());
        assertThat(e.getMessage()).endsWith("... and 19,900 more problems (the first 100 are shown)");
    }

    @Test
    void whatAFileIncludesHasTheSameBound() throws Exception {
        Path file = config();
        write("clusters.d/shared/jmx.conf", "jmx.port = 9999\n");
        write("clusters.d/a.conf", "include \"shared/jmx.conf\"\nbootstrap-servers = \"a:9092\"\n");
        assertEquals(java.util.OptionalInt.of(9999), ConfigLoader.load(file).cluster("a").jmx().port(), "a small include is read as before");

        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(dir.resolve("big.log").toFile(), "rw")) {
            huge.setLength(60L * 1024 * 1024);
        }
        write("clusters.d/b.conf", "include file(\"" + dir.resolve("big.log") + "\")\nbootstrap-servers = \"b:9092\"\n");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).map(ConfigProblem::toString).singleElement().asString().isEqualTo(dir.resolve("clusters.d/b.conf") + ": include " + dir.resolve("big.log")
                + ": 62,914,560 bytes; a cluster file may hold at most 65,536 bytes (64 KiB), what it includes too: not read");
    }
}
