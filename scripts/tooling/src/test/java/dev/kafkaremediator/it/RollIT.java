package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.cli.ExitCodes;
import dev.kafkaremediator.cli.RemediatorCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rolling restarts of the real cluster: availability kept under acks=all load, and every way a roll must stop. */
@ExtendWith(LocalClusterExtension.class)
class RollIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningCluster cluster;
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
    }

    private Path config(RunningCluster c, String restart, String rollSettings) throws Exception {
        cluster = c;
        return RemediatorConfigs.write(c, dir, "dry-run = false\n  clusters.it.restart-command = " + restart
                + "\n  clusters.it.roll { check-interval = 1s, " + rollSettings + " }");
    }

    private static String localRestart(RunningCluster c, String verb) {
        return "[\"" + RunningCluster.projectHome().resolve("scripts/local-cluster.sh") + "\", \"--dir\", \"" + c.cluster().layout().dir() + "\", \""
                + verb + "\", \"{id}\"]";
    }

    private Map<Integer, Long> pids() {
        Map<Integer, Long> pids = new HashMap<>();
        for (int id : cluster.brokerIds()) {
            pids.put(id, cluster.cluster().process(id).map(ProcessHandle::pid).orElse(-1L));
        }
        return pids;
    }

    private JsonNode journal() throws Exception {
        return JSON.readTree(dir.resolve("state/rolls/it.json").toFile());
    }

    private static int quorumLeader(RunningCluster c) throws Exception {
        try (Admin admin = c.admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        }
    }

    /** Every test leaves the shared cluster whole: every broker running and every partition in sync. */
    @AfterEach
    void wholeAgain() throws Exception {
        if (cluster != null) {
            cluster.restoreWhole();
        }
    }

    @Test
    void aRollUnderAcksAllLoadLosesNothingAndRestartsTheControllerLast(RunningCluster c) throws Exception {
        Path config = config(c, localRestart(c, "restart"), "stable-checks = 2");
        String topic = "it-roll-load";
        try (Admin admin = c.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
        }
        int controller = quorumLeader(c);
        Map<Integer, Long> before = pids();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread load = new Thread(() -> produce(c, topic, producing, acked, failed), "acks-all-load");
        load.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() > 100);

            assertEquals(0, run("roll", "--config", config.toString(), "--cluster", "it", "--reason", "test roll", "--yes"), out.toString());
        } finally {
            producing.set(false);
            load.join(TimeUnit.SECONDS.toMillis(120));
        }

        assertThat(out.toString()).contains("done: effective: restarted");
        assertEquals(0, failed.get(), "failed acks=all sends during the roll");
        assertEquals(acked.get(), consumeCount(c, topic, 3), "every acknowledged record is there");
        Map<Integer, Long> after = pids();
        for (int id : c.brokerIds()) {
            assertThat(after.get(id)).as("broker %d restarted", id).isNotEqualTo(before.get(id));
        }
        List<Integer> order = new ArrayList<>();
        journal().get("order").forEach(n -> order.add(n.asInt()));
        assertEquals(controller, order.get(order.size() - 1), "the active controller (quorum leader) is restarted last");
        assertEquals("DONE", journal().get("status").asText());
    }

    @Test
    void aFailingRestartCommandStopsTheRollAfterThatBroker(RunningCluster c) throws Exception {
        Path config = config(c, "[\"false\"]", "stable-checks = 1");
        Map<Integer, Long> before = pids();

        assertEquals(ExitCodes.ERROR, run("roll", "--config", config.toString(), "--cluster", "it", "--reason", "test", "--yes"));

        assertThat(out.toString()).contains("roll stopped", "exited 1");
        assertEquals(before, pids(), "no broker was restarted");
        assertEquals("FAILED", journal().get("status").asText());
        JsonNode brokers = journal().get("brokers");
        int first = journal().get("order").get(0).asInt();
        assertEquals("FAILED", brokers.get(String.valueOf(first)).get("state").asText());
        journal().get("order").forEach(id -> {
            if (id.asInt() != first) {
                assertEquals("PENDING", brokers.get(id.asText()).get("state").asText(), "broker " + id + " untouched");
            }
        });
    }

    @Test
    void aBrokerThatDoesNotComeBackStopsTheRoll(RunningCluster c) throws Exception {
        Path config = config(c, localRestart(c, "stop-broker"), "stable-checks = 1, registration-timeout = 10s");
        Map<Integer, Long> before = pids();

        assertEquals(ExitCodes.ERROR, run("roll", "--config", config.toString(), "--cluster", "it", "--reason", "test", "--yes"));

        int first = journal().get("order").get(0).asInt();
        assertThat(out.toString()).contains("roll stopped", "broker " + first + " to be registered again");
        assertThat(cluster.cluster().process(first)).as("the stopped broker").isEmpty();
        for (int id : c.brokerIds()) {
            if (id != first) {
                assertEquals(before.get(id), pids().get(id), "broker " + id + " untouched");
            }
        }
    }

    @Test
    void aBrokerAlreadyDownMakesTheCanRollCheckRefuse(RunningCluster c) throws Exception {
        Path config = config(c, localRestart(c, "restart"), "stable-checks = 1");
        c.cluster().stopBroker(3);
        Map<Integer, Long> before = pids();

        assertEquals(ExitCodes.REFUSED, run("roll", "--config", config.toString(), "--cluster", "it", "--brokers", "1,2", "--reason", "test", "--yes"));

        assertThat(out.toString()).contains("refused by guard other-brokers", "broker 3 is not registered", "cannot be forced");
        assertEquals(before, pids());
    }

    @Test
    void aRemediatorKilledMidRollResumesWhereItStopped(RunningCluster c) throws Exception {
        Path config = config(c, localRestart(c, "restart"), "stable-checks = 1");
        Map<Integer, Long> before = pids();
        ProcessBuilder builder = new ProcessBuilder(RunningCluster.projectHome().resolve("scripts/remediator").toString(), "roll", "--config",
                config.toString(), "--cluster", "it", "--reason", "killed mid-roll", "--yes").redirectErrorStream(true)
                .redirectOutput(dir.resolve("roll.out").toFile());
        String jar = System.getProperty("remediator.jar");
        if (jar != null) {
            builder.environment().put("REMEDIATOR_JAR", jar);
        }
        Process roller = builder.start();
        // Kill it (SIGKILL, no chance to clean up) once the first broker is done and the second has begun.
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(dir.resolve("state/rolls/it.json")) && journal().get("brokers").size() == 3
                && "DONE".equals(journal().get("brokers").get(journal().get("order").get(0).asText()).get("state").asText())
                && !"PENDING".equals(journal().get("brokers").get(journal().get("order").get(1).asText()).get("state").asText()));
        roller.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertEquals("RUNNING", journal().get("status").asText(), "the journal shows the roll as interrupted");

        assertEquals(0, run("roll", "--config", config.toString(), "--cluster", "it", "--resume", "--reason", "resume", "--yes"), out.toString());

        assertThat(out.toString()).contains("\"resuming\"", "done: effective");
        assertEquals("DONE", journal().get("status").asText());
        Map<Integer, Long> after = pids();
        for (int id : c.brokerIds()) {
            assertThat(after.get(id)).as("broker %d restarted", id).isNotEqualTo(before.get(id));
        }
    }

    private static void produce(RunningCluster c, String topic, AtomicBoolean producing, AtomicLong acked, AtomicLong failed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            long n = 0;
            // One send at a time, each awaited: a steady load paced by the cluster's own acks=all round trip.
            while (producing.get()) {
                try {
                    producer.send(new ProducerRecord<>(topic, "k" + n, "v" + n)).get(120, TimeUnit.SECONDS);
                    acked.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
                n++;
            }
            producer.flush();
        }
    }

    private static long consumeCount(RunningCluster c, String topic, int partitions) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            AtomicLong count = new AtomicLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                count.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
                return tps.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
            return count.get();
        }
    }
}
