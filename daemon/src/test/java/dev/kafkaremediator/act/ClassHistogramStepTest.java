package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.observe.BrokerJmx;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.ProducerStateSize;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassHistogramStepTest {

    @Test
    void theMeasuredBytesPerEntryGoToTheBrokersLaterReadings() throws Exception {
        TestCluster cluster = new TestCluster(3);
        cluster.diagnostics.histogramText = """
               1:          1000          48000  org.apache.kafka.storage.internals.log.ProducerStateEntry
               2:          2000          80000  org.apache.kafka.storage.internals.log.BatchMetadata
               3:          1000          24000  java.util.ArrayDeque (java.base@17.0.15)
               4:          1000          32000  java.util.HashMap$Node (java.base@17.0.15)
               5:          1000          24000  java.lang.Long (java.base@17.0.15)
            Total          6000         208000
            """;
        Map<String, ProducerStateSize> remembered = new HashMap<>();
        BrokerJmx jmx = new BrokerJmx() {
            @Override
            public BrokerJmxReading read(String endpoint, Duration timeout) {
                return BrokerJmxReading.unknown("not read in this test");
            }

            @Override
            public void rememberProducerStateSize(String endpoint, ProducerStateSize measured) {
                remembered.put(endpoint, measured);
            }
        };
        ActionContext base = cluster.context();
        ActionClients c = base.clients();
        ActionContext context = new ActionContext(base.cluster(), base.snapshot(), base.fresh(),
                new ActionClients(c.reads(), jmx, c.changes(), c.diagnostics(), c.restarter(), c.journal(), c.notifications()),
                base.ledger(), base.waiter(), base.stopping());
        ClassHistogramStep step = new ClassHistogramStep(context, 2,
                new Action.ClassHistogram(List.of(2), 10, Duration.ofMinutes(2), new ActionLimits(true, Duration.ZERO, 10)));

        String endpoint = step.prepare();
        ClassHistogram h = step.execute(endpoint, null);

        // Two batches retained per entry here: 48 + 2 x 40 + 24 + 88 + 32 + 24 = 296 B.
        assertThat(h.bytesPerEntry()).hasValue(296);
        assertThat(remembered.get(endpoint).bytesPerEntry()).isEqualTo(296);
        assertThat(remembered.get(endpoint).source()).startsWith("class histogram at ");
        assertThat(step.verify(endpoint, h).figures()).containsEntry("bytesPerEntry", 296L);
    }
}
