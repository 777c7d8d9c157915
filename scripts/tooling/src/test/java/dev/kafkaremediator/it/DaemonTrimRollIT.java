package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.incident.IncidentRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own cure, by the daemon: with expiry off, the guilty topic is trimmed to its end
 * (allowed by the policy, never past a consumer's offset) and exactly the brokers holding its
 * replicas are rolled; its producer state is then gone on every broker, and no record of any other
 * topic is lost.
 */
@ExtendWith(LocalClusterExtension.class)
class DaemonTrimRollIT {
    private static final String GUILTY = "it-seed";
    private static final String BYSTANDER = "it-seed-bystander";

    @TempDir
    Path dir;

    private RunningCluster cluster;

    @AfterEach
    void wholeAgain() throws Exception {
        cluster.restoreWhole();
    }

    private List<AuditEvent> audit() throws Exception {
        return FileAuditLog.in(dir.resolve("state")).read(Instant.EPOCH).events();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @Test
    void expiryOffTrimThenRollFreesTheGuiltyTopicsStateEverywhereAndNothingElse(RunningCluster c) throws Exception {
        cluster = c;
        new IncidentRun(new IncidentRun.Settings(c.bootstrapServers(), GUILTY, 3, (short) 3, -1, 30, 0, null, 4, false), l -> { }).run();
        try (Admin admin = c.admin()) {
            admin.createTopics(List.of(new NewTopic(BYSTANDER, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(BYSTANDER, i % 3, null, "keep me " + i));
            }
        }
        Map<TopicPartition, Long> bystanderEnds;
        try (Admin admin = c.admin()) {
            bystanderEnds = offsets(admin, BYSTANDER, OffsetSpec.latest(), 3);
        }
        Map<Integer, Long> before = Jmx.producerIdCounts(c);

        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("seed.conf"), """
                policies.it-seed {
                  description = "the seed's cure: trim the guilty topic to its end, then roll the brokers holding it"
                  schedule.every = 2s
                  clusters = ["it"]
                  severity = critical
                  topics { allow = ["%s"] }
                  when.threshold { series = topic.producer-entries, above = 0 }
                  actions = [
                    { expire-producers { enabled = false, expiration = 1h } }
                    { trim { enabled = true, topics { allow = ["%s"] }, to-end = true, max-fraction = 1.0 } }
                    { roll { enabled = true } }
                  ]
                }
                """.formatted(GUILTY, GUILTY), StandardCharsets.UTF_8);
        String restart = "[\"" + RunningCluster.projectHome().resolve("scripts/local-cluster.sh") + "\", \"--dir\", \"" + c.cluster().layout().dir()
                + "\", \"restart\", \"{id}\"]";
        Path config = RemediatorConfigs.write(c, dir, "policy-dir = \"" + policies + "\"\n  dry-run = false\n  observe-interval = 2s\n"
                + "  clusters.it.restart-command = " + restart + "\n  clusters.it.roll { check-interval = 1s, stable-checks = 1 }");
        Process daemon = Scripts.startDaemon(config, dir.resolve("daemon.log"));
        try {
            // Until the roll's effect, or the ladder halted (then the assertions below say why).
            await().atMost(Duration.ofMinutes(4)).until(() -> audit().stream().anyMatch(e -> e.event().equals("halted")
                    || e.event().equals("effect") && String.valueOf(e.details().get("summary")).contains("producer state of [" + GUILTY + "]")));
        } finally {
            daemon.destroy();
            daemon.waitFor(5, TimeUnit.MINUTES);
        }
        List<AuditEvent> events = audit();
        assertThat(events).anySatisfy(e -> {
            assertEquals("effect", e.event());
            assertThat(String.valueOf(e.details().get("summary"))).contains("records removed from 3 partitions of [" + GUILTY + "]");
        });
        assertThat(events).anySatisfy(e -> {
            assertEquals("effect", e.event());
            assertEquals("effective", e.details().get("outcome"), e.details().toString());
            assertThat(String.valueOf(e.details().get("summary"))).contains("the producer state of [" + GUILTY + "] is gone");
        });
        for (int id : c.brokerIds()) {
            // 30 one-record producers: 30 entries, each on all 3 replicas.
            assertThat(Jmx.producerIdCount(c.jmxAddress(id))).as("broker %d freed the guilty topic's 30 entries", id)
                    .isLessThanOrEqualTo(before.get(id) - 30);
        }
        try (Admin admin = c.admin()) {
            assertEquals(bystanderEnds, offsets(admin, BYSTANDER, OffsetSpec.latest(), 3), "no record of another topic lost");
            assertThat(offsets(admin, BYSTANDER, OffsetSpec.earliest(), 3).values()).allMatch(o -> o == 0);
            admin.deleteTopics(List.of(GUILTY, BYSTANDER)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
