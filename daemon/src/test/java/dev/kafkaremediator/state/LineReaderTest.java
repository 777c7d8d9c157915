package dev.kafkaremediator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    @Test
    void aLineThatIsNotUtf8CostsThatLineOnlyAndAnUnfinishedLastLineIsNotHandedOut() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("first ü\n".getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[] {'b', 'a', (byte) 0xff, 'd', '\n'});
        bytes.write(("x".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8)); // longer than one read
        bytes.write("torn".getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        List<Long> bad = new ArrayList<>();

        LineReader.read(new ByteArrayInputStream(bytes.toByteArray()), (n, text) -> lines.add(n + ":" + text.length()), bad::add);

        assertThat(lines).containsExactly("1:7", "3:100000");
        assertThat(bad).containsExactly(2L);
    }
}
