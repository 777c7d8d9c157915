package dev.kafkaremediator.incident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/** One replay of the incident's producer-per-record application. */
public final class IncidentRun {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** How each producer is made: a new {@code KafkaProducer} (the incident's application), or its requests on the wire. */
    public enum Mode { CLIENT, WIRE }

    /**
     * What to replay; {@code duration} null means until {@code producers} are done. {@code acks} is
     * "all" or "1"; {@code mode} WIRE implies every partition (see {@link WireProducers}).
     */
    public record Settings(String bootstrapServers, String topic, int partitions, short replicationFactor, long retentionMs,
                           long producers, double ratePerSecond, Duration duration, int threads, boolean everyPartition,
                           String acks, Mode mode) {
        public Settings(String bootstrapServers, String topic, int partitions, short replicationFactor, long retentionMs,
                        long producers, double ratePerSecond, Duration duration, int threads, boolean everyPartition) {
            this(bootstrapServers, topic, partitions, replicationFactor, retentionMs, producers, ratePerSecond, duration, threads,
                    everyPartition, "all", Mode.CLIENT);
        }
    }

    /** One thread's way of making producers; it may keep connections between producers. */
    interface ProducerSession extends AutoCloseable {
        /** Makes producer {@code n}, sends its records; returns the records acknowledged. */
        long produce(long n) throws Exception;

        /** After a failure: drop whatever state (connections) the failure may have broken. */
        default void reset() {
        }

        @Override
        default void close() {
        }
    }

    /** What happened: producers created and closed, records acknowledged, failures. */
    public record Result(long producers, long records, long failedProducers, Duration elapsed, Optional<String> firstError) {
        public String summary() {
            double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
            return String.format(Locale.ROOT, "done: %d producers created, %d records acknowledged, %d failed, in %.1fs (%.1f producers/s)%s",
                    producers, records, failedProducers, seconds, producers / seconds,
                    firstError.map(e -> "; first error: " + e).orElse(""));
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String firstError;

    public IncidentRun(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Result run() throws InterruptedException, ExecutionException {
        WireProducers.Leaders leaders = ensureTopic();
        int partitions = leaders.partitionsByLeader().values().stream().mapToInt(List::size).sum();
        long startNanos = System.nanoTime();
        long deadlineNanos = settings.duration() == null ? Long.MAX_VALUE : startNanos + settings.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "incident-producer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                workers.add(pool.submit(() -> {
                    try (ProducerSession session = session(leaders, partitions)) {
                        work(session, startNanos, deadlineNanos);
                    }
                }));
            }
            long lastReport = startNanos;
            for (Future<?> worker : workers) {
                while (true) {
                    try {
                        worker.get(1, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        long now = System.nanoTime();
                        if (now - lastReport >= TimeUnit.SECONDS.toNanos(1)) {
                            lastReport = now;
                            double seconds = (now - startNanos) / 1e9;
                            progress.accept(String.format(Locale.ROOT, "sent %d records, %d producers created, %.1f producers/s",
                                    records.get(), created.get(), created.get() / seconds));
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(created.get(), records.get(), failed.get(), Duration.ofNanos(System.nanoTime() - startNanos),
                Optional.ofNullable(firstError));
    }

    private ProducerSession session(WireProducers.Leaders leaders, int partitions) {
        if (settings.mode() == Mode.WIRE) {
            return new WireProducers(leaders, settings.everyPartition(), "all".equals(settings.acks()) ? (short) -1 : Short.parseShort(settings.acks()), SEND_TIMEOUT);
        }
        return n -> produceOnce(n, partitions);
    }

    private void work(ProducerSession session, long startNanos, long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            long n = claimed.incrementAndGet();
            if (n > settings.producers()) {
                return;
            }
            if (settings.ratePerSecond() > 0) {
                // Producer n may start no earlier than n / rate seconds after the start.
                long due = startNanos + (long) ((n - 1) * 1e9 / settings.ratePerSecond());
                long delay = due - System.nanoTime();
                if (delay > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            created.incrementAndGet();
            try {
                records.addAndGet(session.produce(n));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                failed.incrementAndGet();
                session.reset();
                if (firstError == null) {
                    firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
        }
    }

    /** The incident's mistake: a brand-new idempotent producer for a single send; returns the records acknowledged. */
    private long produceOnce(long n, int partitions) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer())) {
            List<Future<?>> sends = new ArrayList<>();
            if (settings.everyPartition()) {
                for (int p = 0; p < partitions; p++) {
                    sends.add(producer.send(new ProducerRecord<>(settings.topic(), p, "key-" + n, "event " + n)));
                }
            } else {
                sends.add(producer.send(new ProducerRecord<>(settings.topic(), "key-" + n, "event " + n)));
            }
            for (Future<?> send : sends) {
                send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            producer.close(Duration.ofSeconds(10));
            return sends.size();
        }
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, settings.acks());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(SEND_TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    /** Creates the topic (retained forever unless told otherwise) if missing; returns its partitions by leader. */
    private WireProducers.Leaders ensureTopic() throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            short rf = settings.replicationFactor();
            if (rf <= 0) {
                int brokers = getWithin(admin.describeCluster().nodes()).size();
                rf = (short) Math.min(3, brokers);
            }
            NewTopic newTopic = new NewTopic(settings.topic(), settings.partitions(), rf)
                    .configs(Map.of("retention.ms", String.valueOf(settings.retentionMs())));
            try {
                getWithin(admin.createTopics(List.of(newTopic)).all());
                progress.accept("created topic " + settings.topic() + " (" + settings.partitions() + " partitions, replication factor "
                        + rf + ", retention.ms=" + settings.retentionMs() + ")");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // A new topic takes a moment to reach every broker's metadata: wait (bounded) until each partition has a leader.
            try {
                return dev.kafkaremediator.time.BoundedWait.system().until("topic " + settings.topic() + " to have a leader on every partition",
                        java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(200), () -> {
                            var description = getWithin(admin.describeTopics(List.of(settings.topic())).allTopicNames()).get(settings.topic());
                            var partitions = description.partitions();
                            if (!partitions.stream().allMatch(info -> info.leader() != null && !info.leader().isEmpty())) {
                                return dev.kafkaremediator.time.BoundedWait.Poll.notYet("partitions without a leader");
                            }
                            Map<org.apache.kafka.common.Node, List<Integer>> byLeader = new java.util.LinkedHashMap<>();
                            partitions.forEach(info -> byLeader.computeIfAbsent(info.leader(), l -> new ArrayList<>()).add(info.partition()));
                            return dev.kafkaremediator.time.BoundedWait.Poll.done(new WireProducers.Leaders(settings.topic(), description.topicId(), byLeader));
                        });
            } catch (dev.kafkaremediator.time.WaitTimeoutException e) {
                throw new ExecutionException(e.getMessage(), e);
            }
        }
    }

    private static <T> T getWithin(org.apache.kafka.common.KafkaFuture<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecutionException("no answer from the cluster within 30s", e);
        }
    }
}
