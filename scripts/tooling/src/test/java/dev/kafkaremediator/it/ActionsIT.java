package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionClients;
import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.Notifications;
import dev.kafkaremediator.act.RestartCommand;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.ClassHistogram;
import dev.kafkaremediator.act.ClassHistogramStep;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.cli.ExitCodes;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.config.ConfigLoader;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.FileActionLedger;
import dev.kafkaremediator.incident.IncidentRun;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.time.BoundedWait;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The actions on the real cluster: what each changes, what its guards refuse, and that a dry run changes nothing. */
@ExtendWith(LocalClusterExtension.class)
class ActionsIT {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path config(RunningCluster cluster) throws Exception {
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        return RemediatorConfigs.write(cluster, dir, "dry-run = false\n  clusters.it.heap-dump-dir = \"" + dumps + "\"");
    }

    private List<AuditEvent> audit() throws Exception {
        return FileAuditLog.in(dir.resolve("state")).read(Instant.EPOCH).events();
    }

    @Test
    void aHeapDumpIsAValidHprofFileInTheDumpDirectory(RunningCluster cluster) throws Exception {
        Path config = config(cluster);

        assertEquals(0, run("heap-dump", "--config", config.toString(), "--cluster", "it", "--broker", "1", "--live", "--reason", "test", "--yes"),
                err.toString());

        List<Path> dumps = Files.list(dir.resolve("dumps")).toList();
        assertThat(dumps).hasSize(1);
        try (InputStream in = Files.newInputStream(dumps.get(0))) {
            assertEquals("JAVA PROFILE 1.0.2", new String(in.readNBytes(18), StandardCharsets.US_ASCII));
        } finally {
            Files.delete(dumps.get(0));
        }
        assertThat(audit()).extracting(AuditEvent::event).containsSubsequence("plan", "guard", "start", "end", "effect");
        assertThat(audit()).allSatisfy(e -> assertThat(e.details().get("reason")).isEqualTo("test"));
        // At most one a day per broker: a second dump is refused by the cooldown, exit 3.
        assertEquals(ExitCodes.REFUSED, run("heap-dump", "--config", config.toString(), "--cluster", "it", "--broker", "1", "--reason", "again", "--yes"));
        assertThat(err.toString()).contains("refused by guard cooldown");
    }

    @Test
    void theClassHistogramNamesProducerStateAfterAProducerPerRecordRun(RunningCluster cluster) throws Exception {
        produceOnePerRecord(cluster, "it-histogram", 100);
        RemediatorConfig config = ConfigLoader.load(config(cluster));
        Clock clock = Clock.systemUTC();
        try (ClusterConnections connections = ClusterConnections.open(config.cluster("it"), clock);
             ActionConnections actions = ActionConnections.open(config.cluster("it"))) {
            ActionClients clients = new ActionClients(connections.admin(), connections.jmx(), actions.changes(), actions.diagnostics(),
                    new RestartCommand(List.of()), new FileRollJournal(dir.resolve("rolls")), Notifications.none());
            ActionContext context = new ActionContext(config.cluster("it"), connections.observer().observe(), () -> connections.observer().observe(),
                    clients, new FileActionLedger(dir.resolve("ledger")), BoundedWait.system(), () -> false);
            List<Map<String, Object>> ends = new ArrayList<>();
            Action.ClassHistogram planned = new Action.ClassHistogram(List.of(1), 20, Duration.ofMinutes(1), new ActionLimits(true, Duration.ofHours(1), 5));
            RunResult result = context.runner().run(new ClassHistogramStep(context, 1, planned), ActionRunner.Mode.daemon(false), (event, details) -> {
                        if (event.equals("end")) {
                            ends.add(details);
                        }
                    });

            assertEquals(RunResult.Status.DONE, result.status(), result.toString());
            assertThat((Long) ends.get(0).get("producerStateEntries")).as("ProducerStateEntry instances").isGreaterThanOrEqualTo(100);
            assertThat((Long) ends.get(0).get("producerStateBytes")).isPositive();
            assertThat(result.effect().orElseThrow().summary()).contains("of broker 1's live heap is producer state");
        }
        assertThat(ClassHistogram.PRODUCER_STATE_CLASSES).contains("org.apache.kafka.storage.internals.log.ProducerStateEntry");
    }

    @Test
    void expireProducersBringsTheCountsDownAndRestoresThePreviousDefault(RunningCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            setClusterDefault(admin, "86400000");
            try {
                produceOnePerRecord(cluster, "it-expire", 30);
                Map<Integer, Long> before = Jmx.producerIdCounts(cluster);
                assertThat(before.values()).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(30));

                // The local brokers check every 10 s; 5 s of idleness expires the producers that are done. Below the
                // 2-minute floor only by force: a time-lapse, with nothing left retrying.
                assertEquals(0, run("expire-producers", "--config", config(cluster).toString(), "--cluster", "it", "--expiration", "5",
                        "--await", "90", "--force", "--reason", "test: lab time-lapse", "--yes"), err.toString() + out);

                assertThat(out.toString()).contains("done: effective: ProducerIdCount");
                Map<Integer, Long> after = Jmx.producerIdCounts(cluster);
                for (int id : cluster.brokerIds()) {
                    assertThat(after.get(id)).as("broker %d", id).isLessThanOrEqualTo(before.get(id) / 2);
                }
                assertEquals(Optional.of("86400000"), clusterDefault(admin), "the previous cluster default is back");
            } finally {
                setClusterDefault(admin, null);
            }
        }
    }

    @Test
    void aTrimDeletesExactlyThePlannedRecords(RunningCluster cluster) throws Exception {
        String topic = "it-trim";
        createAndFill(cluster, topic, 3, 10);

        assertEquals(0, run("trim", "--config", config(cluster).toString(), "--cluster", "it", "--topic", topic, "--to-offset", "4",
                "--max-fraction", "0.5", "--reason", "test", "--yes"), err.toString() + out);

        Map<Integer, List<Long>> remaining = consumeAll(cluster, topic, 3);
        for (int p = 0; p < 3; p++) {
            assertThat(remaining.get(p)).as("partition %d", p).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        }
        AuditEvent plan = audit().stream().filter(e -> e.event().equals("plan")).findFirst().orElseThrow();
        assertEquals(12, ((Number) plan.details().get("recordsRemoved")).intValue());
        assertThat(plan.details().get("partitions").toString()).contains("logStartBefore=0", "logStartAfter=4", "recordsRemoved=4");
        assertThat(audit()).filteredOn(e -> e.event().equals("effect")).singleElement()
                .satisfies(e -> assertThat(e.details().get("producerStateFreed")).isEqualTo(false));
    }

    @Test
    void aTrimOfAnInternalTopicIsRefusedAndCannotBeForced(RunningCluster cluster) throws Exception {
        assertEquals(ExitCodes.REFUSED, run("trim", "--config", config(cluster).toString(), "--cluster", "it", "--topic", "__consumer_offsets",
                "--to-end", "--reason", "test", "--yes", "--force"));
        assertThat(err.toString()).contains("refused by guard internal-topics", "cannot be forced");
    }

    @Test
    void aTrimPastAConsumerGroupsCommittedOffsetIsRefused(RunningCluster cluster) throws Exception {
        String topic = "it-trim-lagging";
        createAndFill(cluster, topic, 1, 10);
        try (Admin admin = cluster.admin()) {
            admin.alterConsumerGroupOffsets("it-lagging-group", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        assertEquals(ExitCodes.REFUSED, run("trim", "--config", config(cluster).toString(), "--cluster", "it", "--topic", topic, "--to-offset", "5",
                "--max-fraction", "1", "--reason", "test", "--yes"));

        assertThat(err.toString()).contains("refused by guard consumer-offsets", topic + "-0 would move to 5 past committed offset 2");
        assertEquals(0L, logStart(cluster, new TopicPartition(topic, 0)));
    }

    @Test
    void aDryRunChangesNothingAndAuditsTheSamePlan(RunningCluster cluster) throws Exception {
        String topic = "it-trim-dry";
        createAndFill(cluster, topic, 2, 10);
        Path config = config(cluster);

        assertEquals(0, run("trim", "--config", config.toString(), "--cluster", "it", "--topic", topic, "--to-offset", "3", "--reason", "test",
                "--yes", "--dry-run"), err.toString() + out);

        assertThat(out.toString()).contains("dry-run: nothing was changed");
        assertEquals(0L, logStart(cluster, new TopicPartition(topic, 0)));
        assertEquals(0L, logStart(cluster, new TopicPartition(topic, 1)));
        List<AuditEvent> dry = audit();
        assertThat(dry).extracting(AuditEvent::event).contains("plan", "dry-run").doesNotContain("start", "end");
        assertThat(dry).allSatisfy(e -> assertThat(e.dryRun()).isTrue());

        assertEquals(0, run("trim", "--config", config.toString(), "--cluster", "it", "--topic", topic, "--to-offset", "3", "--reason", "test",
                "--yes"), err.toString() + out);
        List<Object> plans = audit().stream().filter(e -> e.event().equals("plan")).map(e -> e.details().get("partitions")).toList();
        assertEquals(plans.get(0), plans.get(1), "the dry run planned exactly what the real run did");
        assertEquals(3L, logStart(cluster, new TopicPartition(topic, 0)));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void produceOnePerRecord(RunningCluster cluster, String topic, int producers) throws Exception {
        IncidentRun.Result result = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), topic, 3, (short) 3, -1, producers, 0, null,
                4, false), line -> { }).run();
        assertEquals(0, result.failedProducers(), result.summary());
    }


    private static void setClusterDefault(Admin admin, String value) throws Exception {
        AlterConfigOp op = value == null ? new AlterConfigOp(new ConfigEntry("producer.id.expiration.ms", null), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry("producer.id.expiration.ms", value), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), List.of(op))).all().get(30, TimeUnit.SECONDS);
    }

    private static Optional<String> clusterDefault(Admin admin) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "");
        ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get("producer.id.expiration.ms");
        return entry == null || entry.value() == null ? Optional.empty() : Optional.of(entry.value());
    }

    private static void createAndFill(RunningCluster cluster, String topic, int partitions, int perPartition) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    private static long logStart(RunningCluster cluster, TopicPartition tp) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
        }
    }

    /** Every record left, by partition, read by a real consumer from the beginning. */
    private static Map<Integer, List<Long>> consumeAll(RunningCluster cluster, String topic, int partitions) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Integer, List<Long>> offsets = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
                offsets.put(i, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    offsets.get(r.partition()).add(r.offset());
                }
                return tps.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return offsets;
    }
}
