package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers that would bend a guard are refused before anything connects (no configuration, no
 * cluster is needed to see the refusal): a NaN or 2 as a fraction, a negative age or offset.
 */
class ManualOptionsTest {

    static Stream<Arguments> refused() {
        String[] trim = {"trim", "-c", "/nonexistent/remediator.conf", "--cluster", "c", "--topic", "t", "--reason", "r", "--yes"};
        return Stream.of(
                Arguments.of(join(trim, "--to-end", "--max-fraction", "NaN"), "--max-fraction: expected a share of a topic above 0 and at most 1"),
                Arguments.of(join(trim, "--to-end", "--max-fraction", "2"), "--max-fraction: expected a share of a topic above 0 and at most 1, got 2.0"),
                Arguments.of(join(trim, "--older-than", "-7d"), "--older-than: expected a positive age"),
                Arguments.of(join(trim, "--to-offset", "-5"), "--to-offset: expected an offset, 0 or more, got -5"),
                Arguments.of(join(trim, "--to-end", "--max-partitions", "-1"), "--max-partitions: expected 1 or more, got -1"),
                Arguments.of(join(trim, "--to-end", "--max-records", "0"), "--max-records: expected 1 or more, got 0"),
                Arguments.of(new String[] {"heap-dump", "-c", "/nonexistent/remediator.conf", "--cluster", "c", "--broker", "1", "--timeout", "-5",
                        "--reason", "r", "--yes"}, "--timeout must be at least 1 second, got -5"),
                Arguments.of(new String[] {"expire-producers", "-c", "/nonexistent/remediator.conf", "--cluster", "c", "--await", "soon",
                        "--reason", "r", "--yes"}, "--await: expected a number of seconds or auto, got 'soon'"),
                Arguments.of(new String[] {"expire-producers", "-c", "/nonexistent/remediator.conf", "--cluster", "c", "--expiration", "2147484",
                        "--reason", "r", "--yes"}, "producer.id.expiration.ms is an INT config"),
                Arguments.of(new String[] {"trim", "-c", "/nonexistent/remediator.conf", "--cluster", "c", "--topic", "t", "--to-end", "--force",
                        "--reason", " ", "--yes"}, "--force needs a --reason that says why"));
    }

    private static String[] join(String[] base, String... more) {
        return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedBeforeAnythingConnects(String[] args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.ERROR, RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args), err.toString());
        assertThat(err.toString()).contains(message).doesNotContain("/nonexistent").doesNotContain("Exception");
    }
}
