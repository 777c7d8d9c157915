package dev.kafkaremediator.incident;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/incident-app.sh}: replays the application from the incident. For each record it
 * creates a new idempotent producer ({@code enable.idempotence=true}, {@code acks=all}), sends,
 * and closes it, on a topic retained forever, so every broker holding a replica keeps one more
 * producer-id entry per record (per partition written) on its heap.
 */
@Command(name = "incident-app.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays the incident: a new idempotent producer per record on a topic retained forever.",
                "Stops by itself after --records records or --duration, whichever comes first."})
public final class IncidentApp implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, defaultValue = "incident-events", description = "Topic (created if missing; default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions when the topic is created (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "0",
            description = "Replication factor when the topic is created; 0 = min(3, brokers) (default).")
    short replicationFactor;

    @Option(names = "--retention-ms", defaultValue = "-1",
            description = "retention.ms when the topic is created; -1 keeps data forever, as in the incident (default).")
    long retentionMs;

    @Option(names = {"-n", "--records"}, defaultValue = "300",
            description = "Producers to create in all (default ${DEFAULT-VALUE}); each sends one record, or one per partition with --every-partition.")
    long producers;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "PER_SECOND",
            description = "At most this many producers per second over all threads; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds even if --records is not reached; 0 = no limit (default).")
    long durationSeconds;

    @Option(names = "--threads", defaultValue = "1", description = "Producers created in parallel (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--every-partition",
            description = "Each producer writes one record to every partition: N producers give N x partitions producer-id entries.")
    boolean everyPartition;

    @Option(names = "--acks", defaultValue = "all", description = "acks of every producer: all (default), 1 or 0.")
    String acks;

    @Option(names = "--wire",
            description = {"Make each producer at the protocol level instead of a KafkaProducer: InitProducerId (a real producer id),"
                    + " then one Produce request per partition leader, a one-record idempotent batch per partition, over connections"
                    + " each thread keeps. The brokers keep the same entries (one per producer id per partition); the client's own"
                    + " cost per producer is gone: for fills of millions of entries."})
    boolean wire;

    @Option(names = "--quiet", description = "Print only the summary line.")
    boolean quiet;

    private final PrintStream out;

    IncidentApp(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    static int run(PrintStream out, String... args) {
        return new CommandLine(new IncidentApp(out)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (producers < 1 || threads < 1 || partitions < 1 || rate < 0 || durationSeconds < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--records, --threads and --partitions must be positive; --rate and --duration not negative");
        }
        if (!java.util.Set.of("all", "-1", "1", "0").contains(acks)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--acks takes all, 1 or 0, got '" + acks + "'");
        }
        IncidentRun.Settings settings = new IncidentRun.Settings(bootstrapServers, topic, partitions, replicationFactor,
                retentionMs, producers, rate, durationSeconds == 0 ? null : Duration.ofSeconds(durationSeconds), threads,
                everyPartition, "-1".equals(acks) ? "all" : acks, wire ? IncidentRun.Mode.WIRE : IncidentRun.Mode.CLIENT);
        IncidentRun.Result result = new IncidentRun(settings, quiet ? line -> { } : out::println).run();
        out.println(result.summary());
        return result.failedProducers() == 0 ? 0 : 1;
    }
}
