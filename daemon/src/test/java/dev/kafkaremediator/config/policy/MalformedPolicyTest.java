package dev.kafkaremediator.config.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.config.ConfigProblem;
import dev.kafkaremediator.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file in test resources policies-malformed/ is one mistake an operator could make; its first
 * line says where the loader must point ({@code # expect: LINE: fragment}).
 */
class MalformedPolicyTest {
    private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+): (.*)$");

    static Stream<Path> malformed() throws Exception {
        Path dir = Path.of(MalformedPolicyTest.class.getResource("/policies-malformed").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void eachMistakeIsReportedWithFileLineAndWhatWasExpected(Path file) throws Exception {
        Matcher expect = EXPECT.matcher(Files.readAllLines(file, StandardCharsets.UTF_8).get(0));
        assertThat(expect.matches()).as("first line of %s names the expectation", file).isTrue();
        int line = Integer.parseInt(expect.group(1));
        String fragment = expect.group(2);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PolicyLoader.load(List.of(file), Optional.empty()));

        assertThat(e.problems()).as(e.getMessage()).anySatisfy(problem -> {
            assertThat(problem.file()).isEqualTo(file.toString());
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.toString()).startsWith(file + ":" + line + ": ").contains(fragment);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void problemsAlwaysCarryAKeyPathExceptForSyntaxErrors(Path file) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PolicyLoader.load(List.of(file), Optional.empty()));
        for (ConfigProblem problem : e.problems()) {
            if (!file.getFileName().toString().contains("syntax-error")) {
                assertThat(problem.path()).as(problem.toString()).isNotBlank();
            }
        }
    }
}
