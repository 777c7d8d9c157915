package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.evaluate.gate.GateMeasurement;
import dev.kafkaremediator.observe.BrokerConfigEntry;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClientsSummary;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.PartitionOffsets;
import dev.kafkaremediator.observe.ProducerInitRequests;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.observe.WindowCensus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * The gate's two readings of a cluster, at the start and at the end of the window: a snapshot
 * (brokers' ProducerIdCount, InitProducerId counters, heaps, clients), the census of the topics
 * under test and their end offsets; then what the window added, as {@link GateMeasurement}.
 */
final class GateWindow {
    private static final String EXPIRATION = "producer.id.expiration.ms";
    /** Producers' own clocks stamp their writes: an entry stamped a little before the start may still be the window's (the sketches tell). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final ClusterConfig config;
    private final ClusterConnections connections;
    private final Pattern topics;
    private final Clock clock;
    private Reading start;
    private WindowCensus.Start startCensus;

    GateWindow(ClusterConfig config, ClusterConnections connections, Pattern topics, Clock clock) {
        this.config = config;
        this.connections = connections;
        this.topics = topics;
        this.clock = clock;
    }

    private record Reading(Instant at, ClusterSnapshot snapshot, List<TopicPartition> partitions, Map<TopicPartition, Long> endOffsets,
                           Optional<String> offsetsProblem) { }

    /** The start; a cluster that does not answer is a failure (exit 2), with why. */
    void start() {
        start = read();
        startCensus = new WindowCensus.Start();
        connections.admin().describeProducers(start.partitions(), config.censusBatchSize(), config.timeouts().census(), startCensus::accept);
    }

    /** The end, set against the start. */
    GateMeasurement end(List<String> cannotJudge) {
        Reading end = read();
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        Map<String, OptionalLong> retention = new TreeMap<>();
        for (TopicSnapshot t : matching(end.snapshot())) {
            t.partitions().forEach(p -> replicas.put(new TopicPartition(t.name(), p.partition()), p.replicas()));
            retention.put(t.name(), t.configs().optional().flatMap(c -> c.retentionMs()).map(OptionalLong::of).orElse(OptionalLong.empty()));
        }
        WindowCensus.End endCensus = startCensus.end(start.at().minus(CLOCK_SKEW), replicas);
        connections.admin().describeProducers(end.partitions(), config.censusBatchSize(), config.timeouts().census(), endCensus::accept);
        WindowCensus.Added added = endCensus.added();

        List<String> cannot = new ArrayList<>(cannotJudge);
        long unknown = startCensus.unknownPartitions() + added.unknownPartitions();
        if (unknown > 0) {
            cannot.add("the census of the topics is incomplete: " + unknown + " partition answers unknown ("
                    + Optional.ofNullable(end.snapshot().failures().get("describeProducers")).orElse("see status") + ")");
        }
        start.offsetsProblem().or(end::offsetsProblem).ifPresent(cannot::add);
        OptionalLong records = start.offsetsProblem().isPresent() || end.offsetsProblem().isPresent() ? OptionalLong.empty()
                : OptionalLong.of(appended(start.endOffsets(), end.endOffsets()));
        Map<Integer, Map<String, BrokerConfigEntry>> configs = expirations(end.snapshot());
        List<GateMeasurement.Broker> brokers = new ArrayList<>();
        Map<Integer, BrokerSnapshot> before = new HashMap<>();
        start.snapshot().brokers().forEach(b -> before.put(b.id(), b));
        for (BrokerSnapshot b : end.snapshot().brokers()) {
            BrokerSnapshot b0 = before.get(b.id());
            Optional<Duration> expiration = Optional.ofNullable(configs.getOrDefault(b.id(), Map.of()).get(EXPIRATION))
                    .flatMap(BrokerConfigEntry::asLong).map(Duration::ofMillis);
            brokers.add(new GateMeasurement.Broker(b.id(), added.entriesPerBroker().getOrDefault(b.id(), 0L),
                    added.shortLivedEntriesPerBroker().getOrDefault(b.id(), 0L),
                    b0 == null ? OptionalLong.empty() : optional(b0.producerIdCount().optional()), optional(b.producerIdCount().optional()),
                    inits(b0, b), b.heap().optional().map(h -> OptionalLong.of(h.max())).orElse(OptionalLong.empty()), expiration));
        }
        return new GateMeasurement(Duration.between(start.at(), end.at()), retention, records, added.producerIds(), brokers,
                ClientsSummary.of(end.snapshot()).sentence(3), cannot);
    }

    private Reading read() {
        ClusterSnapshot snapshot = connections.observer().observe();
        if (!snapshot.reachable()) {
            throw new CommandFailure(ExitCodes.ERROR, "cluster " + config.name() + " (" + config.bootstrapServers() + ") is unreachable: "
                    + snapshot.membership().unknownReason().orElse("no answer") + "; the gate cannot judge");
        }
        if (!snapshot.topics().isKnown()) {
            throw new CommandFailure(ExitCodes.ERROR, "cluster " + config.name() + ": its topics are unknown ("
                    + snapshot.topics().unknownReason().orElse("") + "); the gate cannot judge");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        matching(snapshot).forEach(t -> t.partitions().stream().filter(p -> !p.offline())
                .forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition()))));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        Optional<String> problem = Optional.empty();
        try {
            connections.admin().partitionOffsets(partitions, Optional.empty(), config.timeouts().admin()).forEach((tp, o) -> ends.put(tp, o.end()));
        } catch (SourceFailure e) {
            problem = Optional.of("the topics' end offsets could not be read: " + e.getMessage());
        }
        return new Reading(snapshot.takenAt(), snapshot, partitions, ends, problem);
    }

    private List<TopicSnapshot> matching(ClusterSnapshot snapshot) {
        return snapshot.topics().optional().orElse(List.of()).stream().filter(t -> !t.internal() && topics.matcher(t.name()).matches()).toList();
    }

    /** Records appended: each partition's end offset now less at the start (0 for a partition created in the window). */
    private static long appended(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : after.entrySet()) {
            n += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return n;
    }

    private Map<Integer, Map<String, BrokerConfigEntry>> expirations(ClusterSnapshot snapshot) {
        try {
            return connections.admin().brokerConfigs(snapshot.brokers().stream().filter(BrokerSnapshot::registered).map(BrokerSnapshot::id).toList(),
                    Set.of(EXPIRATION), config.timeouts().admin());
        } catch (SourceFailure e) {
            return Map.of();
        }
    }

    /** InitProducerId requests answered between the readings; unknown when either is, or the broker restarted in between. */
    private static OptionalLong inits(BrokerSnapshot before, BrokerSnapshot after) {
        if (before == null) {
            return OptionalLong.empty();
        }
        Optional<ProducerInitRequests> a = before.jmx().producerInitRequests().optional();
        Optional<ProducerInitRequests> b = after.jmx().producerInitRequests().optional();
        if (a.isEmpty() || b.isEmpty() || a.get().startedAtMillis() != b.get().startedAtMillis() || b.get().count() < a.get().count()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(b.get().count() - a.get().count());
    }

    private static OptionalLong optional(Optional<Long> v) {
        return v.map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
