package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.cli.ExitCodes;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.incident.IncidentRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cure's timing comes from the brokers, not from the lab: on brokers that run their expiry pass
 * every minute (the lab's is 10 s, Kafka's 10 min) the lowered value stays until that pass has run;
 * and when ids stay, the verify step says why.
 */
@ExtendWith(LocalClusterExtension.class)
class ExpiryTimingIT {
    private static final String CHECK_INTERVAL = "producer.id.expiration.check.interval.ms";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int remediator(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }


    @Test
    void onBrokersCheckingEveryMinuteTheValueStaysUntilTheirPassHasRunAndFreesEverything() throws Exception {
        try (RunningCluster cluster = RunningCluster.startOwn("it-expiry-60s", Map.of(CHECK_INTERVAL, "60000"))) {
            // Right after the start: every broker's first pass is most of a minute away.
            IncidentRun.Result leak = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-defaults", 3, (short) 3, -1, 100, 0,
                    null, 4, false), line -> { }).run();
            assertEquals(0, leak.failedProducers(), leak.summary());
            Map<Integer, Long> before = Jmx.producerIdCounts(cluster);
            assertThat(before.values()).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(100));
            Path config = RemediatorConfigs.write(cluster, dir, "dry-run = false");

            // 30 s is below the 2-minute floor: forced, a time-lapse on a cluster whose producers are done.
            long started = System.nanoTime();
            int exit = remediator("expire-producers", "-c", config.toString(), "--cluster", "it", "--expiration", "30", "--force",
                    "--reason", "ExpiryTimingIT: the cure on a 60 s check interval", "--yes");
            long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertEquals(ExitCodes.OK, exit, err.toString() + out);
            assertThat(out.toString()).contains("done: effective").contains(CHECK_INTERVAL + "=60000 (STATIC_BROKER_CONFIG)")
                    .contains("\"expectedToFree\"");
            assertThat(tookSeconds).as("kept at least one pass of every broker (60 s) and a margin").isGreaterThanOrEqualTo(66);
            Map<Integer, Long> after = Jmx.producerIdCounts(cluster);
            for (int id : cluster.brokerIds()) {
                assertThat(after.get(id)).as("broker %d: at most 1%% of %d left", id, before.get(id)).isLessThanOrEqualTo(before.get(id) / 100);
            }
            try (Admin admin = cluster.admin()) {
                org.apache.kafka.common.config.ConfigResource defaults = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.BROKER, "");
                assertThat(admin.describeConfigs(List.of(defaults)).all().get(30, TimeUnit.SECONDS).get(defaults)
                        .get("producer.id.expiration.ms")).as("no cluster default was there, none is left").isNull();
            }
        }
    }

    @Test
    void idsOfProducersThatKeepWritingStayAndTheVerifySaysSo(RunningCluster cluster) throws Exception {
        String topic = "it-still-writing";
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 50, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        // 10 producers x 50 partitions: 500 entries on every broker, each written again every second.
        List<KafkaProducer<String, String>> producers = new ArrayList<>();
        ScheduledExecutorService writers = Executors.newSingleThreadScheduledExecutor();
        for (int i = 0; i < 10; i++) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producers.add(new KafkaProducer<>(p));
        }
        writers.scheduleAtFixedRate(() -> producers.forEach(producer -> {
            for (int partition = 0; partition < 50; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "still here"));
            }
        }), 0, 1, TimeUnit.SECONDS);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> Jmx.producerIdCounts(cluster).values().stream()
                    .allMatch(c -> c >= 500));
            Path config = RemediatorConfigs.write(cluster, dir, "dry-run = false");
            int exit = remediator("expire-producers", "-c", config.toString(), "--cluster", "it", "--expiration", "5", "--force",
                    "--reason", "ExpiryTimingIT: lab time-lapse with producers still writing", "--yes");

            assertEquals(ExitCodes.ERROR, exit, "ineffective: " + out);
            assertThat(err.toString()).contains("ineffective").contains("of the expected entries were written again during the wait: "
                    + "producers still writing keep their ids").doesNotContain("may not have run");
        } finally {
            writers.shutdownNow();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            producers.forEach(producer -> producer.close(java.time.Duration.ofSeconds(10)));
            try (Admin admin = cluster.admin()) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
