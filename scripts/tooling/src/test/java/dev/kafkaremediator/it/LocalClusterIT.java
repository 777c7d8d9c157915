package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalClusterExtension.class)
class LocalClusterIT {

    @Test
    void threeBrokerProcessesAreRegistered(RunningCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            Set<Integer> registered = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id).collect(Collectors.toSet());
            assertEquals(Set.of(1, 2, 3), registered);
        }
        for (int id : cluster.brokerIds()) {
            ProcessHandle process = cluster.cluster().process(id).orElseThrow();
            assertTrue(process.isAlive(), "broker " + id + " runs as its own process");
            assertThat(process.pid()).isNotEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void everyBrokerExposesHeapAndProducerIdCountOverJmx(RunningCluster cluster) throws Exception {
        for (int id : cluster.brokerIds()) {
            String jmx = cluster.jmxAddress(id);
            assertThat(Jmx.producerIdCount(jmx)).as("ProducerIdCount of broker %d", id).isGreaterThanOrEqualTo(0);
            assertThat(Jmx.heapUsed(jmx)).as("heap used of broker %d", id).isPositive();
            // Small heaps on purpose: -Xmx384m by default (JMX reports a little less than -Xmx).
            assertThat(Jmx.heapMax(jmx)).as("heap max of broker %d", id).isBetween(200L << 20, 520L << 20);
        }
    }

    @Test
    void anIdempotentProducerAddsOneProducerIdOnEveryReplica(RunningCluster cluster) throws Exception {
        String topic = "it-idempotent";
        int leader;
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(30, TimeUnit.SECONDS);
            TopicDescription description = await().atMost(Duration.ofSeconds(30)).until(
                    () -> admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic),
                    d -> d.partitions().get(0).leader() != null && d.partitions().get(0).isr().size() == 3);
            leader = description.partitions().get(0).leader().id();
        }
        Map<Integer, Long> before = new HashMap<>();
        for (int id : cluster.brokerIds()) {
            before.put(id, Jmx.producerIdCount(cluster.jmxAddress(id)));
        }

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Jmx.producerIdCount(cluster.jmxAddress(leader))).isGreaterThanOrEqualTo(before.get(leader) + 1));
        // Followers hold the same producer state as the leader (DESIGN.md): every replica costs heap.
        for (int id : cluster.brokerIds()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Jmx.producerIdCount(cluster.jmxAddress(id))).as("broker %d", id)
                            .isGreaterThanOrEqualTo(before.get(id) + 1));
        }
    }
}
