package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.evaluate.gate.GateLimits;
import dev.kafkaremediator.evaluate.gate.GateMeasurement;
import dev.kafkaremediator.evaluate.gate.GateResult;
import dev.kafkaremediator.evaluate.gate.ProducerGate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class GateReportTest {
    @TempDir
    Path dir;

    private static GateResult leak() {
        GateMeasurement m = new GateMeasurement(Duration.ofSeconds(10), Map.of("orders", OptionalLong.of(-1)), OptionalLong.of(200), 200,
                List.of(new GateMeasurement.Broker(1, 200, 200, OptionalLong.of(0), OptionalLong.of(200), OptionalLong.empty(), OptionalLong.of(384L << 20),
                        Optional.of(Duration.ofDays(1)))), "unknown client software", List.of());
        return ProducerGate.judge(m, GateLimits.DEFAULTS);
    }

    @Test
    void aFailureIsAFailedTestCaseWithTheReasonsAndTheFix() throws Exception {
        Path file = dir.resolve("gate.xml");
        GateReport.junit(file, "staging", "orders.*", leak());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("testsuite");
        assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("1");
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getTextContent())
                .contains("1000.0 new producers per 1,000 records");
        assertThat(xml.getElementsByTagName("system-out").item(0).getTextContent()).contains("\"verdict\" : \"FAIL\"");
    }

    @Test
    void jsonHasTheFiguresAndNullForWhatIsUnknown() throws Exception {
        JsonNode json = new ObjectMapper().readTree(GateReport.json(leak()));
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.at("/figures/brokers/0/initProducerIdsPerSecond").isNull()).as("unknown is null, never 0").isTrue();
        assertThat(json.at("/figures/brokers/0/newEntries").asLong()).isEqualTo(200);
        StringWriter text = new StringWriter();
        GateReport.print(new PrintWriter(text, true), "staging", "orders.*", leak());
        assertThat(text.toString()).contains("gate on cluster staging, topics 'orders.*'", "FAIL: 1000.0 new producers", "fix: create one producer",
                GateReport.GUIDE);
    }
}
