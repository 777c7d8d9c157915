package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void theShippedPoliciesValidate() {
        Path shipped = Path.of(System.getProperty("remediator.home", "..")).resolve("policies");
        assertEquals(ExitCodes.OK, run("validate", shipped.toString()), err.toString());
        assertThat(out.toString()).startsWith("valid: 6 policies");
    }

    @Test
    void theShippedPoliciesCanFireAtTheDefaultHistoryCadence(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path shipped = Path.of(System.getProperty("remediator.home", "..")).resolve("policies").toAbsolutePath();
        Path config = dir.resolve("remediator.conf");
        Files.writeString(config, "remediator { policy-dir = \"" + shipped + "\", clusters.c { bootstrap-servers = \"kafka-1:9092\" } }\n");
        assertEquals(ExitCodes.OK, run("validate", "-c", config.toString()), err.toString());
    }

    static Stream<Path> malformed() throws Exception {
        Path dir = Path.of(ValidateCommandTest.class.getResource("/policies-malformed").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void eachMalformedExampleExitsTwoNamingFileAndLine(Path file) throws Exception {
        String line = Files.readAllLines(file).get(0).replaceAll("^# expect: (\\d+):.*$", "$1");
        assertEquals(ExitCodes.ERROR, run("validate", file.toString()));
        assertThat(err.toString()).contains(file + ":" + line + ": ").contains("nothing was changed");
    }
}
