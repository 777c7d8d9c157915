package dev.kafkaremediator.config.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random mutations of the shipped policies: the loader answers with a policy set or reported problems, never anything else. */
class PolicyFuzzTest {
    private static final String[] TOKENS = {"{", "}", "[", "]", "=", ",", "\"", "\n", "-1", "0", "1e308", "NaN", "true", "null", "7d",
        "above", "below", "series", "broker.producer-ids", "topic.producer-entries", "enabled", "trim", "roll", "${X}", "${?X}", "include",
        "\\", ":", "#", "//", "0.5", "999999999999999999999", "every", "cron", "\"0 * * * * ?\"", "ü", "\t"};

    @TempDir
    Path dir;

    @Test
    void mutationsNeverCrashTheLoader() throws Exception {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(PolicyLoaderTest.SHIPPED)) {
            for (Path f : files.sorted().toList()) {
                sources.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        Random random = new Random(20261125L);
        int valid = 0;
        int reported = 0;
        for (int round = 0; round < 1500; round++) {
            String text = mutate(sources.get(random.nextInt(sources.size())), random);
            Path file = dir.resolve("fuzz-" + round + ".conf");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            try {
                PolicyLoader.load(List.of(file), Optional.empty());
                valid++;
            } catch (InvalidConfigException e) {
                assertThat(e.problems()).as("an invalid set reports at least one problem").isNotEmpty();
                assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
                assertThat(e.problems()).as("round %d: every problem says which file", round)
                        .allSatisfy(p -> assertThat(p.file()).isNotNull().endsWith(file.getFileName().toString()));
                reported++;
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " crashed the loader on:\n" + text, e);
            }
            Files.delete(file);
        }
        // Both outcomes are reached, so the mutations neither all miss the loader's checks nor all break the syntax.
        assertThat(valid).as("some mutations still load (a comment, a number the policy allows)").isGreaterThan(0);
        assertThat(reported).as("most mutations break something").isGreaterThan(500);
    }

    private static String mutate(String source, Random random) {
        StringBuilder text = new StringBuilder(source);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
                default -> {
                    int end = Math.min(text.length(), at + 1 + random.nextInt(6));
                    text.replace(at, end, TOKENS[random.nextInt(TOKENS.length)]);
                }
            }
        }
        return text.toString();
    }
}
