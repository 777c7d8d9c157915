package dev.kafkaremediator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kafkaremediator.evaluate.gate.GateResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The gate's verdict for people, as JSON (Jackson, from the result's records), and as JUnit XML for CI systems. */
final class GateReport {
    /** Where a failing gate sends an application team: the repository's guide. */
    static final String GUIDE = "docs/for-application-teams.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GateReport() {
    }

    static String json(GateResult result) throws JsonProcessingException {
        return JSON.writeValueAsString(result);
    }

    static void print(PrintWriter out, String cluster, String topics, GateResult r) {
        GateResult.Figures f = r.figures();
        out.printf(Locale.ROOT, "gate on cluster %s, topics '%s', window %.1f s: %s%n", cluster, topics, f.windowSeconds(), r.verdict());
        out.printf(Locale.ROOT, "  records appended: %s; new producer ids: %,d; new producers per 1,000 records: %s%n",
                f.recordsAppended() == null ? "unknown" : String.format(Locale.ROOT, "%,d", f.recordsAppended()), f.newProducerIds(),
                f.newProducersPer1000Records() == null ? "unknown" : String.format(Locale.ROOT, "%.1f", f.newProducersPer1000Records()));
        f.retentionMs().forEach((t, ms) -> out.printf("  topic %s: retention %s%n", t, ms == null ? "unknown" : ms < 0 ? "for ever" : ms + " ms"));
        out.println("  clients: " + f.clients());
        for (GateResult.BrokerFigures b : f.brokers()) {
            out.printf(Locale.ROOT, "  broker %d: %,d new producer-state entries (%,d of short-lived producers: %.1f/s), ProducerIdCount %s -> %s,"
                            + " InitProducerId %s/s;"
                            + " at this rate after 7 days %,d entries%s, after %d days %,d (%s)%s; kept for %s%n",
                    b.broker(), b.newEntries(), b.shortLivedEntries(), b.newEntriesPerSecond(), orUnknown(b.producerIdCountBefore()), orUnknown(b.producerIdCountAfter()),
                    b.initProducerIdsPerSecond() == null ? "unknown" : String.format(Locale.ROOT, "%.1f", b.initProducerIdsPerSecond()),
                    b.entriesAfter7Days(), share(b.heapShareAfter7Days()), f.horizonDays(), b.entriesAfterHorizon(),
                    mb(b.bytesAfterHorizon()),
                    share(b.heapShareAfterHorizon()), b.keptFor());
        }
        r.reasons().forEach(reason -> out.println("  " + (r.verdict() == GateResult.Verdict.PASS ? "ok: " : r.verdict() == GateResult.Verdict.FAIL
                ? "FAIL: " : "cannot judge: ") + reason));
        if (r.verdict() == GateResult.Verdict.FAIL) {
            out.println("  fix: " + r.fix());
            out.println("  what the figures mean and what to do instead: " + GUIDE);
        }
    }

    /** One test suite with one test case: failed with the reasons, skipped when the gate could not judge. */
    static void junit(Path file, String cluster, String topics, GateResult r) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "remediator gate");
            xml.writeAttribute("tests", "1");
            xml.writeAttribute("failures", r.verdict() == GateResult.Verdict.FAIL ? "1" : "0");
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", r.verdict() == GateResult.Verdict.CANNOT_JUDGE ? "1" : "0");
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", r.figures().windowSeconds()));
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", "remediator.gate." + cluster);
            xml.writeAttribute("name", "producers on topics " + topics);
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", r.figures().windowSeconds()));
            String reasons = String.join("; ", r.reasons());
            if (r.verdict() == GateResult.Verdict.FAIL) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", reasons);
                xml.writeCharacters(reasons + "\nfix: " + r.fix() + "\nsee " + GUIDE + "\n");
                xml.writeEndElement();
            } else if (r.verdict() == GateResult.Verdict.CANNOT_JUDGE) {
                xml.writeStartElement("skipped");
                xml.writeAttribute("message", "could not judge: " + reasons);
                xml.writeEndElement();
            }
            xml.writeStartElement("system-out");
            xml.writeCData(json(r));
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("--junit " + file + ": " + e.getMessage(), e);
        }
    }

    private static String orUnknown(Long v) {
        return v == null ? "unknown" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String share(Double s) {
        return s == null ? "" : String.format(Locale.ROOT, ", %.2f%% of its maximum heap", s * 100);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
