package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.ClusterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes one {@link ClusterSnapshot} of one cluster: membership and topics from the Admin API,
 * the producer-id census in batches, topic configs and consumer offsets, and every broker's JMX
 * in parallel. Each source has its own timeout; a failed source leaves its facts unknown, with
 * the reason in {@link ClusterSnapshot#failures()}, and the rest of the snapshot still arrives.
 */
public final class ClusterObserver {
    private final ClusterConfig config;
    private final ClusterAdmin admin;
    private final BrokerJmx jmx;
    private final Executor executor;
    private final Clock clock;
    private final ProducerInitRates producerInits;
    private final CensusEstimates estimates;
    private static final String NOT_ASKED_FOR_HEALTH = "not asked: a health check reads no producer state nor consumer offsets";

    public ClusterObserver(ClusterConfig config, ClusterAdmin admin, BrokerJmx jmx, Executor executor, Clock clock) {
        this(config, admin, jmx, executor, clock, new ProducerInitRates());
    }

    /** @param producerInits the previous InitProducerId readings of this cluster, updated by every observation */
    public ClusterObserver(ClusterConfig config, ClusterAdmin admin, BrokerJmx jmx, Executor executor, Clock clock, ProducerInitRates producerInits) {
        this(config, admin, jmx, executor, clock, producerInits, new CensusEstimates());
    }

    /**
     * @param estimates what this cluster's censuses learn of each partition's size, shared with the
     *                  census of {@code admin}: every observation gives it the layout and the brokers'
     *                  ProducerIdCount, by which the next census sizes its requests
     */
    public ClusterObserver(ClusterConfig config, ClusterAdmin admin, BrokerJmx jmx, Executor executor, Clock clock, ProducerInitRates producerInits,
                           CensusEstimates estimates) {
        this.producerInits = producerInits;
        this.estimates = estimates;
        this.config = config;
        this.admin = admin;
        this.jmx = jmx;
        this.executor = executor;
        this.clock = clock;
    }

    /** Everything: membership, partitions, configs, the producer-id census, consumer offsets and every broker's JMX. */
    public ClusterSnapshot observe() {
        return observe(true);
    }

    /**
     * What a roll re-checks between restarts, polled every few seconds: membership, partitions with
     * their ISR, topic configs (min.insync.replicas) and each broker's state, the one JMX attribute
     * they use ({@link BrokerJmx#readState}). Not the producer-id census, consumer offsets nor the
     * rest of JMX (heap, GC, clients, InitProducerId): at the incident's scale the census alone reads
     * 500,000 entries per broker, and a roll's checks need none of them.
     */
    public ClusterSnapshot observeHealth() {
        return observe(false);
    }

    private ClusterSnapshot observe(boolean everything) {
        Instant start = clock.instant();
        Map<String, String> failures = new TreeMap<>();

        Fact<ClusterMembership> membership = attempt("describeCluster", failures, () -> admin.describeCluster(config.timeouts().admin()));
        // A cluster that does not answer describeCluster would not answer the rest either: asking anyway would make
        // an unreachable cluster cost one full timeout per call, every round, and hold up a stop by as much.
        Optional<String> unreachable = membership.unknownReason().map(r -> "not asked: the cluster did not answer describeCluster");
        Fact<List<TopicLayout>> layouts = unreachable.isPresent() ? Fact.unknown(unreachable.get())
                : attempt("describeTopics", failures, () -> admin.describeTopics(config.timeouts().admin()));

        // Brokers: registered ones, those holding replicas (a stopped broker is still assigned), configured endpoints.
        Map<Integer, Optional<String>> brokerHosts = new TreeMap<>();
        membership.optional().ifPresent(m -> m.registeredBrokerHosts().forEach((id, host) -> brokerHosts.put(id, Optional.of(host))));
        layouts.optional().ifPresent(list -> list.forEach(t -> t.partitions().forEach(p ->
                p.replicas().forEach(id -> brokerHosts.putIfAbsent(id, Optional.empty())))));
        config.jmx().endpoints().keySet().forEach(id -> brokerHosts.putIfAbsent(id, Optional.empty()));
        Map<Integer, CompletableFuture<BrokerJmxReading>> readings = new LinkedHashMap<>();
        Map<Integer, Optional<String>> endpoints = new HashMap<>();
        brokerHosts.forEach((id, host) -> {
            Optional<String> endpoint = config.jmx().endpoint(id, host);
            endpoints.put(id, endpoint);
            readings.put(id, endpoint.isEmpty()
                    ? CompletableFuture.completedFuture(BrokerJmxReading.unknown("no JMX endpoint configured for broker " + id))
                    : CompletableFuture.supplyAsync(() -> readJmx(endpoint.get(), everything), executor));
        });

        Fact<Map<String, TopicConfigs>> configs = layouts.flatMap(list -> attempt("describeConfigs", failures,
                () -> admin.describeTopicConfigs(list.stream().map(TopicLayout::name).toList(), config.timeouts().admin())));
        List<TopicPartition> asked = layouts.optional().filter(l -> everything).map(ClusterObserver::partitionsWithLeaders).orElse(List.of());
        ProducerIdCensus census = new ProducerIdCensus(start, perTopic(asked));
        if (everything && layouts.isKnown()) {
            layouts.optional().ifPresent(estimates::layout);
            admin.describeProducers(asked, config.censusBatchSize(), config.timeouts().census(), census::accept);
        }
        long unknownPartitions = everything ? census.unknownPartitions() : 0;
        if (unknownPartitions > 0) {
            failures.put("describeProducers", unknownPartitions + " partitions unknown (" + census.firstUnknownReason().orElse("") + ")");
        }
        Fact<ConsumerOffsets> offsets = unreachable.isPresent() ? Fact.unknown(unreachable.get())
                : !everything ? Fact.unknown(NOT_ASKED_FOR_HEALTH)
                : attempt("consumerOffsets", failures, () -> admin.consumerOffsets(config.timeouts().admin()));

        Fact<List<TopicSnapshot>> topics = layouts.map(list -> list.stream()
                .sorted(java.util.Comparator.comparing(TopicLayout::name))
                .map(layout -> topic(layout, configs, census, everything)).toList());

        List<BrokerSnapshot> brokers = new ArrayList<>();
        for (Map.Entry<Integer, CompletableFuture<BrokerJmxReading>> e : readings.entrySet()) {
            int id = e.getKey();
            BrokerJmxReading reading = e.getValue().join();
            // A health check reads the state alone: its heap is unknown by design, its state is what says JMX failed.
            (everything ? reading.heap() : reading.brokerState()).unknownReason().filter(r -> endpoints.get(id).isPresent())
                    .ifPresent(r -> failures.put("jmx broker " + id, r));
            brokers.add(new BrokerSnapshot(id, brokerHosts.get(id), membership.optional().map(m -> m.isRegistered(id)).orElse(false),
                    endpoints.get(id), reading, producerInits.next(id, start, reading.producerInitRequests())));
        }
        if (everything) {
            Map<Integer, Long> counts = new HashMap<>();
            brokers.forEach(b -> b.jmx().producerIdCount().optional().ifPresent(n -> counts.put(b.id(), n)));
            estimates.producerIdCounts(counts);
        }
        return new ClusterSnapshot(config.name(), start, Duration.between(start, clock.instant()), membership, brokers, topics, offsets, failures);
    }

    /** Everything, or for a health check the broker's state alone (a roll polls it every few seconds). */
    private BrokerJmxReading readJmx(String endpoint, boolean everything) {
        try {
            return everything ? jmx.read(endpoint, config.timeouts().jmx()) : jmx.readState(endpoint, config.timeouts().jmx());
        } catch (SourceFailure e) {
            return BrokerJmxReading.unknown(e.getMessage());
        }
    }

    private static Map<String, Integer> perTopic(List<TopicPartition> partitions) {
        Map<String, Integer> out = new HashMap<>();
        partitions.forEach(tp -> out.merge(tp.topic(), 1, Integer::sum));
        return out;
    }

    /** Partitions without a leader cannot answer; they are reported unknown without asking. In topic order: a topic's tally closes when it is read. */
    private static List<TopicPartition> partitionsWithLeaders(List<TopicLayout> layouts) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicLayout t : layouts) {
            for (TopicLayout.Partition p : t.partitions()) {
                if (p.leader().isPresent()) {
                    out.add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        return out;
    }

    private static TopicSnapshot topic(TopicLayout layout, Fact<Map<String, TopicConfigs>> configs, ProducerIdCensus census, boolean asked) {
        Map<Integer, Fact<PartitionProducers>> answers = new TreeMap<>();
        List<PartitionSnapshot> partitions = new ArrayList<>();
        for (TopicLayout.Partition p : layout.partitions()) {
            TopicPartition tp = new TopicPartition(layout.name(), p.partition());
            Fact<PartitionProducers> answer = !asked ? Fact.unknown(NOT_ASKED_FOR_HEALTH)
                    : p.leader().isEmpty() ? Fact.unknown("partition " + tp + " is offline (no leader)") : census.partition(tp);
            answers.put(p.partition(), answer);
            partitions.add(new PartitionSnapshot(p.partition(), p.leader().isPresent() ? OptionalInt.of(p.leader().getAsInt()) : OptionalInt.empty(),
                    p.replicas(), p.isr(), answer));
        }
        partitions.sort(java.util.Comparator.comparingInt(PartitionSnapshot::partition));
        Fact<TopicConfigs> topicConfigs = configs.flatMap(map -> map.containsKey(layout.name()) ? Fact.known(map.get(layout.name()))
                : Fact.unknown("no configs returned for " + layout.name()));
        return new TopicSnapshot(layout.name(), layout.internal(), partitions, topicConfigs,
                asked ? census.topic(layout.name(), answers) : Fact.unknown(NOT_ASKED_FOR_HEALTH));
    }

    @FunctionalInterface
    private interface Source<T> {
        T get() throws SourceFailure;
    }

    private static <T> Fact<T> attempt(String source, Map<String, String> failures, Source<T> call) {
        try {
            return Fact.known(call.get());
        } catch (SourceFailure e) {
            failures.put(source, e.getMessage());
            return Fact.unknown(e.getMessage());
        } catch (RuntimeException e) {
            String reason = source + ": " + KafkaClusterAdmin.rootMessage(e);
            failures.put(source, reason);
            return Fact.unknown(reason);
        }
    }
}
