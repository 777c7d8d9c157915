package dev.kafkaremediator.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The steady load of {@code scripts/bench-roll.sh}: one idempotent {@code acks=all} producer sending
 * at a fixed rate (paced against an absolute schedule, so a slow send is caught up on, not lost),
 * each record's value {@code <run id>:<sequence number>}. Every send's callback counts it
 * acknowledged or failed (each failure is listed as {@code FAILED seq=N sent-ms=EPOCH_MS}). It stops on a stop file, after {@code --duration}, or on SIGTERM/SIGINT;
 * then it flushes, reads the topic from the beginning and reports the acknowledged records that are
 * missing (lost, each listed as {@code LOST seq=N sent-ms=EPOCH_MS}) and the records found more than once
 * (duplicates). The last line of its stdout is
 * {@code RESULT acked=.. failed=.. lost=.. duplicates=.. ...}, for scripts. Not a test.
 */
@Command(name = "AcksAllLoad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A steady acks=all, idempotent producer load that counts failed sends and, when stopped, lost and duplicated records."},
        footer = {"", "Prints READY once the first record is acknowledged, progress every --progress-every, and a final RESULT line.",
                "Exit status: 0 measured (failures and losses are figures, not errors), 1 the load could not run or not be verified, 2 usage error."})
public final class AcksAllLoad implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "bench-roll", description = "Topic to write (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--create-topic", description = "Create the topic first (an existing one is used as it is).")
    boolean createTopic;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of a created topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "3", description = "Replication factor of a created topic (default ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--min-insync-replicas", defaultValue = "2", description = "min.insync.replicas of a created topic (default ${DEFAULT-VALUE}).")
    int minInsyncReplicas;

    @Option(names = "--rate", defaultValue = "200", description = "Records per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until the stop file or a signal).")
    Long durationSeconds;

    @Option(names = "--stop-file", paramLabel = "PATH", description = "Stop once this file exists (checked every 100 ms).")
    Path stopFile;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Progress line on stderr this often; 0 never (default ${DEFAULT-VALUE}).")
    int progressEvery;

    @Option(names = "--verify-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Bound on flushing and on reading the topic back (default ${DEFAULT-VALUE}).")
    int verifyTimeout;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Thread producing;

    AcksAllLoad(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        AcksAllLoad load = new AcksAllLoad(System.out, System.err);
        // SIGTERM/SIGINT: stop sending, and let the verification finish before the JVM exits (bounded).
        Runtime.getRuntime().addShutdownHook(new Thread(load::stopAndAwait, "acks-all-load-stop"));
        int code = new CommandLine(load).execute(args);
        load.finished.countDown();
        System.exit(code);
    }

    private void stopAndAwait() {
        stopRequested = true;
        Thread t = producing;
        if (t != null) {
            LockSupport.unpark(t);
        }
        try {
            finished.await(verifyTimeout * 2L + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the producer's callbacks saw: which sequence numbers were acknowledged, and how many sends failed (and the first errors). */
    private static final class Outcomes {
        private final BitSet acked = new BitSet();
        private final AtomicLong ackedCount = new AtomicLong();
        private final AtomicLong failedCount = new AtomicLong();
        private final Map<String, Long> errors = new LinkedHashMap<>();
        private final List<long[]> failures = new ArrayList<>();
        /** When each sequence number was sent (epoch ms); written by the sending thread only, read after it stopped. */
        private long[] sentAt = new long[1 << 16];

        void sent(int seq, long epochMillis) {
            if (seq >= sentAt.length) {
                sentAt = java.util.Arrays.copyOf(sentAt, sentAt.length * 2);
            }
            sentAt[seq] = epochMillis;
        }

        void acked(int seq) {
            synchronized (acked) {
                acked.set(seq);
            }
            ackedCount.incrementAndGet();
        }

        void failed(int seq, long sentMillis, Exception e) {
            failedCount.incrementAndGet();
            synchronized (errors) {
                errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
                failures.add(new long[] {seq, sentMillis});
            }
        }

        BitSet ackedSet() {
            synchronized (acked) {
                return (BitSet) acked.clone();
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rate <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be positive");
        }
        if (createTopic) {
            createTopic();
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Outcomes outcomes = new Outcomes();
        long sent;
        Instant started = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer())) {
            sent = produce(producer, runId, outcomes);
            long flushStart = System.nanoTime();
            // close() with a timeout waits for the in-flight sends (their callbacks run) up to the bound.
            producer.close(Duration.ofSeconds(verifyTimeout));
            err.printf("acks-all-load: stopped after %d records; in-flight sends settled in %.1f s%n", sent,
                    (System.nanoTime() - flushStart) / 1e9);
        }
        Duration ran = Duration.between(started, Instant.now());
        long acked = outcomes.ackedCount.get();
        long failed = outcomes.failedCount.get();
        long unanswered = sent - acked - failed;
        synchronized (outcomes.errors) {
            outcomes.errors.forEach((message, n) -> err.printf("acks-all-load: %d failed send(s): %s%n", n, message));
            // One line per failed send with the time it was sent, so a script can count the failures of a time window.
            outcomes.failures.forEach(f -> out.printf("FAILED seq=%d sent-ms=%d%n", f[0], f[1]));
        }
        Verification v;
        try {
            v = verify(runId, outcomes.ackedSet());
        } catch (Exception e) {
            err.println("acks-all-load: cannot read the topic back: " + e);
            out.printf("RESULT run=%s sent=%d acked=%d failed=%d unanswered=%d lost=? duplicates=? seconds=%.1f rate=%.1f%n", runId, sent, acked,
                    failed, unanswered, ran.toMillis() / 1000.0, sent / Math.max(0.001, ran.toMillis() / 1000.0));
            return 1;
        }
        v.lost().stream().forEach(seq -> out.printf("LOST seq=%d sent-ms=%d%n", seq, outcomes.sentAt[seq]));
        out.printf("RESULT run=%s sent=%d acked=%d failed=%d unanswered=%d lost=%d duplicates=%d unacked-but-written=%d read=%d seconds=%.1f rate=%.1f%n",
                runId, sent, acked, failed, unanswered, v.lost().cardinality(), v.duplicates(), v.unackedButWritten(), v.read(), ran.toMillis() / 1000.0,
                sent / Math.max(0.001, ran.toMillis() / 1000.0));
        out.flush();
        return 0;
    }

    private void createTopic() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            NewTopic t = new NewTopic(topic, partitions, replicationFactor).configs(Map.of("min.insync.replicas", Integer.toString(minInsyncReplicas)));
            try {
                admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
                err.printf("acks-all-load: created topic %s (%d partitions, replication factor %d, min.insync.replicas=%d)%n", topic, partitions,
                        replicationFactor, minInsyncReplicas);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                err.println("acks-all-load: topic " + topic + " exists; using it as it is");
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("creating topic " + topic + " timed out", e);
            }
        }
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-roll-load");
        return p;
    }

    /** Sends on an absolute schedule (record n is due at start + n/rate) until told to stop; returns how many were sent. */
    private long produce(KafkaProducer<String, String> producer, String runId, Outcomes outcomes) {
        producing = Thread.currentThread();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long deadline = durationSeconds == null ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(durationSeconds);
        long progressPeriod = TimeUnit.SECONDS.toNanos(progressEvery);
        long nextProgress = start + progressPeriod;
        long nextStopCheck = start;
        boolean ready = false;
        int seq = 0;
        while (!stopRequested) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                break;
            }
            if (stopFile != null && now - nextStopCheck >= 0) {
                if (Files.exists(stopFile)) {
                    break;
                }
                nextStopCheck = now + TimeUnit.MILLISECONDS.toNanos(100);
            }
            if (progressEvery > 0 && now - nextProgress >= 0) {
                err.printf("acks-all-load: %s sent=%d acked=%d failed=%d%n", Instant.now(), seq, outcomes.ackedCount.get(),
                        outcomes.failedCount.get());
                nextProgress += progressPeriod;
            }
            if (!ready && outcomes.ackedCount.get() > 0) {
                ready = true;
                out.println("READY " + Instant.now());
                out.flush();
            }
            long due = start + seq * period;
            if (due - now > 0) {
                // Wakes on time, or early on a stop signal (unpark); the loop re-checks either way.
                LockSupport.parkNanos(Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(100)));
                continue;
            }
            int n = seq++;
            long sentMillis = System.currentTimeMillis();
            outcomes.sent(n, sentMillis);
            try {
                producer.send(new ProducerRecord<>(topic, Integer.toString(n), runId + ":" + n), (metadata, e) -> {
                    if (e == null) {
                        outcomes.acked(n);
                    } else {
                        outcomes.failed(n, sentMillis, e);
                    }
                });
            } catch (RuntimeException e) {
                // send() itself failed (e.g. metadata not available within max.block.ms): a produce error too.
                outcomes.failed(n, sentMillis, e);
            }
        }
        producing = null;
        return seq;
    }

    record Verification(long read, BitSet lost, long duplicates, long unackedButWritten) { }

    /** Reads the whole topic back and compares this run's records with the acknowledged sequence numbers. */
    private Verification verify(String runId, BitSet acked) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        String prefix = runId + ":";
        BitSet seen = new BitSet();
        long duplicates = 0;
        long read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(verifyTimeout))) {
                tps.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(tps, Duration.ofSeconds(verifyTimeout)));
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(verifyTimeout);
            while (!tps.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                if (System.nanoTime() - bound > 0) {
                    throw new IllegalStateException("the topic was not read back to its end within " + verifyTimeout + " s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    String v = r.value();
                    if (v == null || !v.startsWith(prefix)) {
                        continue; // another run's record
                    }
                    int seq = Integer.parseInt(v.substring(prefix.length()));
                    if (seen.get(seq)) {
                        duplicates++;
                    }
                    seen.set(seq);
                }
            }
        }
        BitSet lost = (BitSet) acked.clone();
        lost.andNot(seen);
        BitSet unackedButWritten = (BitSet) seen.clone();
        unackedButWritten.andNot(acked);
        return new Verification(read, lost, duplicates, unackedButWritten.cardinality());
    }
}
