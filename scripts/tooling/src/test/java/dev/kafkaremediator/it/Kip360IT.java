package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.incident.IncidentRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what freeing producer-id state takes on today's Kafka (KIP-360, measured in DESIGN.md):
 * a trim to the end frees nothing; a restart then frees the topic's entries on the restarted
 * broker only, and the others keep theirs.
 */
@ExtendWith(LocalClusterExtension.class)
class Kip360IT {
    private static final int PRODUCERS = 30;

    @TempDir
    Path dir;

    @Test
    void aTrimAloneFreesNothingAndARestartFreesOnlyTheRestartedBroker(RunningCluster cluster) throws Exception {
        String topic = "it-kip360";
        IncidentRun.Result result = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), topic, 3, (short) 3, -1, PRODUCERS, 0, null,
                4, false), line -> { }).run();
        assertEquals(0, result.failedProducers());
        Map<Integer, Long> before = counts(cluster);

        StringWriter out = new StringWriter();
        int exit = RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(out, true), "trim", "--config",
                RemediatorConfigs.write(cluster, dir, "dry-run = false").toString(), "--cluster", "it", "--topic", topic, "--to-end",
                "--max-fraction", "1.0", "--reason", "pin KIP-360", "--yes");
        assertEquals(0, exit, out.toString());
        assertThat(out.toString()).contains(PRODUCERS + " records removed");

        // The trim frees no producer state on any broker, not even a while later.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> counts(cluster).equals(before));

        cluster.cluster().restart(2);
        awaitInSync(cluster, topic);

        Map<Integer, Long> after = counts(cluster);
        assertEquals(before.get(2) - PRODUCERS, after.get(2), "the restarted broker loaded no state for the trimmed topic");
        assertEquals(before.get(1), after.get(1), "broker 1 was not restarted: it keeps the topic's entries");
        assertEquals(before.get(3), after.get(3), "broker 3 was not restarted: it keeps the topic's entries");
    }

    private static Map<Integer, Long> counts(RunningCluster cluster) throws Exception {
        Map<Integer, Long> counts = new HashMap<>();
        for (int id : cluster.brokerIds()) {
            counts.put(id, Jmx.producerIdCount(cluster.jmxAddress(id)));
        }
        return counts;
    }

    private static void awaitInSync(RunningCluster cluster, String topic) {
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                return d.partitions().stream().allMatch(p -> p.isr().size() == 3);
            });
        }
    }
}
