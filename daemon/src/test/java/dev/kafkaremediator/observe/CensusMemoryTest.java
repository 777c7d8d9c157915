package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The census's memory does not grow with the entries it counts (issue #21): 50,000,000 entries,
 * answered by a fake cluster as they are read, are counted in a JVM of its own with a 32 MB heap
 * that exits on OutOfMemoryError. Counting them kept 8 bytes per entry before (400 MB here).
 */
class CensusMemoryTest {
    @Test
    void fiftyMillionEntriesAreCountedOnA32MegabyteHeap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                CensusAtScale.class.getName(), "50", "100", "10000").redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, long[]> topics = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] words = line.trim().split(" ");
            if (words.length == 3 && words[0].startsWith("leak-")) {
                topics.put(words[0], new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])});
            }
        }
        assertThat(topics).as(output).hasSize(50);
        assertThat(topics.values().stream().mapToLong(v -> v[0]).sum()).isEqualTo(50_000_000L);
        assertThat(topics.get("leak-0")[1]).as("1,000,000 distinct ids, within the sketch's 3.2% (95%)")
                .isBetween(968_000L, 1_032_000L);
        for (int t = 1; t < 50; t++) {
            assertThat(topics.get("leak-" + t)[1]).as("10,000 producers, each writing every partition").isBetween(9_680L, 10_320L);
        }
    }

    @Test
    void distinctIdsAreExactBelowTheSketchsSizeAndCloseAbove() {
        DistinctIds small = new DistinctIds();
        for (long id = 0; id < 4_000; id++) {
            small.add(id * 7);
            small.add(id * 7);
        }
        assertThat(small.count()).isEqualTo(4_000);
        assertThat(small.estimated()).isFalse();
        DistinctIds large = new DistinctIds();
        for (long id = 0; id < 2_000_000; id++) {
            large.add(id);
        }
        assertThat(large.estimated()).isTrue();
        assertThat(large.count()).isBetween(1_936_000L, 2_064_000L);
    }
}
