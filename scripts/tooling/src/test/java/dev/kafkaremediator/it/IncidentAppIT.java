package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** scripts/incident-app.sh, run as a separate process, leaves one producer-id entry per producer and partition. */
@ExtendWith(LocalClusterExtension.class)
class IncidentAppIT {

    @Test
    void aProducerPerRecordRaisesProducerIdCountByAtLeastTheProducers(RunningCluster cluster) throws Exception {
        Map<Integer, Long> before = counts(cluster);

        Scripts.Result run = Scripts.run(Duration.ofMinutes(3), "incident-app.sh", "--bootstrap-servers", cluster.bootstrapServers(),
                "--topic", "it-incident", "--partitions", "3", "--records", "40", "--threads", "4");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("created topic it-incident", "done: 40 producers created, 40 records acknowledged, 0 failed");
        // Replication factor 3 on 3 brokers: every broker holds every partition, so each gains one entry per producer.
        for (int id : cluster.brokerIds()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Jmx.producerIdCount(cluster.jmxAddress(id))).as("ProducerIdCount of broker %d", id)
                            .isGreaterThanOrEqualTo(before.get(id) + 40));
        }
    }

    @Test
    void everyPartitionModeGivesProducersTimesPartitionsEntries(RunningCluster cluster) throws Exception {
        Map<Integer, Long> before = counts(cluster);

        Scripts.Result run = Scripts.run(Duration.ofMinutes(3), "incident-app.sh", "--bootstrap-servers", cluster.bootstrapServers(),
                "--topic", "it-incident-fanout", "--partitions", "6", "--records", "10", "--threads", "2", "--every-partition");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("done: 10 producers created, 60 records acknowledged, 0 failed");
        for (int id : cluster.brokerIds()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Jmx.producerIdCount(cluster.jmxAddress(id))).as("ProducerIdCount of broker %d", id)
                            .isGreaterThanOrEqualTo(before.get(id) + 60));
        }
    }

    @Test
    void wireModeLeavesTheSameEntriesAsAClientPerProducer(RunningCluster cluster) throws Exception {
        Map<Integer, Long> before = counts(cluster);

        // 6 partitions led by 3 brokers: each producer sends one Produce request per leader, after its InitProducerId.
        Scripts.Result run = Scripts.run(Duration.ofMinutes(3), "incident-app.sh", "--bootstrap-servers", cluster.bootstrapServers(),
                "--topic", "it-incident-wire", "--partitions", "6", "--records", "25", "--threads", "3", "--every-partition", "--wire",
                "--acks", "all");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("done: 25 producers created, 150 records acknowledged, 0 failed");
        // Replication factor 3: every broker holds every partition's replica, leader or follower, each with 25 producers' entries.
        for (int id : cluster.brokerIds()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Jmx.producerIdCount(cluster.jmxAddress(id))).as("ProducerIdCount of broker %d", id)
                            .isEqualTo(before.get(id) + 150));
        }
    }

    private static Map<Integer, Long> counts(RunningCluster cluster) throws Exception {
        Map<Integer, Long> counts = new HashMap<>();
        for (int id : cluster.brokerIds()) {
            counts.put(id, Jmx.producerIdCount(cluster.jmxAddress(id)));
        }
        return counts;
    }
}
