package dev.kafkaremediator.incident;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/well-behaved-app.sh}: the incident's application done right, for the quality gate's
 * guide and tests: one idempotent producer for the application's life, every record through it.
 * It adds one producer-state entry per partition it writes, however many records it sends.
 */
@Command(name = "well-behaved-app.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "One idempotent producer for the application's life, writing --records records round the partitions, then closed.")
public final class WellBehavedApp implements Callable<Integer> {
    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, defaultValue = "well-behaved-events", description = "Topic (created if missing; default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions when the topic is created (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = {"-n", "--records"}, defaultValue = "10000", description = "Records to send (default ${DEFAULT-VALUE}).")
    long records;

    private final PrintStream out;

    WellBehavedApp(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new WellBehavedApp(System.out)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        createTopic();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, ("record " + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        out.printf("well-behaved app: %d records through 1 producer to %s in %.1f s%n", records, topic, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private void createTopic() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) Math.min(3, brokers)).configs(Map.of("retention.ms", "-1"))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
