package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.cli.ExitCodes;
import dev.kafkaremediator.cli.RemediatorCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** When ids stay because their producers keep writing, the expiry's verify step says why (on the shared cluster). */
@ExtendWith(LocalClusterExtension.class)
class ExpiryWhileWritingIT {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int remediator(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
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
