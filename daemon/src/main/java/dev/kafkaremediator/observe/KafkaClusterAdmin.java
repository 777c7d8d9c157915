package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.time.Deadline;
import dev.kafkaremediator.time.Ticker;
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
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeProducersOptions;
import org.apache.kafka.clients.admin.DescribeProducersResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** {@link ClusterAdmin} over Kafka's {@link Admin}: the one class of observe that talks to the Admin API. */
public final class KafkaClusterAdmin implements ClusterAdmin {
    private final String cluster;
    private final ReconnectingAdmin admin;
    private final Clock clock;
    /** Deadlines are measured in elapsed time: a wall-clock jump must not end a census early or stretch it. */
    private final Ticker ticker = Ticker.system();
    private final CensusPermits census;
    private final CensusEstimates estimates;

    public KafkaClusterAdmin(String cluster, ReconnectingAdmin admin, Clock clock) {
        this(cluster, admin, clock, CensusPermits.forThisJvm(), new CensusEstimates());
    }

    /**
     * @param census    the entries this process may be reading at once, shared by all its clusters
     * @param estimates what this cluster's earlier censuses and observations say of each partition's answer
     */
    public KafkaClusterAdmin(String cluster, ReconnectingAdmin admin, Clock clock, CensusPermits census, CensusEstimates estimates) {
        this.cluster = cluster;
        this.admin = admin;
        this.clock = clock;
        this.census = census;
        this.estimates = estimates;
    }

    public KafkaClusterAdmin(String cluster, Admin admin, Clock clock) {
        this(cluster, ReconnectingAdmin.existing(cluster, admin), clock);
    }

    /**
     * An Admin client for the configured cluster: bootstrap servers plus the pass-through properties
     * (SASL, SSL). Created on first use: a cluster whose hosts do not resolve yet is unreachable, not an error.
     */
    public static KafkaClusterAdmin connect(ClusterConfig config, Clock clock, CensusPermits census) {
        return connect(config, clock, census, new CensusEstimates());
    }

    public static KafkaClusterAdmin connect(ClusterConfig config, Clock clock, CensusPermits census, CensusEstimates estimates) {
        return new KafkaClusterAdmin(config.name(), ReconnectingAdmin.of(config, "kafka-remediator", clock), clock, census, estimates);
    }

    @Override
    public ClusterMembership describeCluster(Duration timeout) throws SourceFailure {
        var result = admin.get().describeCluster(new DescribeClusterOptions().timeoutMs(millis(timeout)));
        Collection<Node> nodes = await("describeCluster", result.nodes(), timeout);
        Node controller = await("describeCluster", result.controller(), timeout);
        Map<Integer, String> hosts = new HashMap<>();
        for (Node node : nodes) {
            hosts.put(node.id(), node.host());
        }
        return new ClusterMembership(hosts, controller == null || controller.isEmpty() ? OptionalInt.empty() : OptionalInt.of(controller.id()));
    }

    @Override
    public List<TopicLayout> describeTopics(Duration timeout) throws SourceFailure {
        Deadline deadline = Deadline.after(timeout, ticker);
        Collection<TopicListing> listings = await("listTopics",
                admin.get().listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(millis(timeout))).listings(), timeout);
        Map<String, Boolean> internal = new HashMap<>();
        listings.forEach(l -> internal.put(l.name(), l.isInternal() || TopicLayout.isInternalName(l.name())));
        Duration left = remaining(deadline);
        Map<String, TopicDescription> descriptions = await("describeTopics",
                admin.get().describeTopics(internal.keySet(), new DescribeTopicsOptions().timeoutMs(millis(left))).allTopicNames(), left);
        List<TopicLayout> topics = new ArrayList<>();
        for (TopicDescription d : descriptions.values()) {
            List<TopicLayout.Partition> partitions = new ArrayList<>();
            for (TopicPartitionInfo p : d.partitions()) {
                Node leader = p.leader();
                partitions.add(new TopicLayout.Partition(p.partition(),
                        leader == null || leader.isEmpty() ? OptionalInt.empty() : OptionalInt.of(leader.id()),
                        p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList()));
            }
            topics.add(new TopicLayout(d.name(), internal.getOrDefault(d.name(), d.isInternal()), partitions));
        }
        return topics;
    }

    @Override
    public Map<String, TopicConfigs> describeTopicConfigs(Collection<String> topics, Duration timeout) throws SourceFailure {
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = await("describeConfigs",
                admin.get().describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(millis(timeout))).all(), timeout);
        Map<String, TopicConfigs> out = new HashMap<>();
        configs.forEach((resource, config) -> out.put(resource.name(), new TopicConfigs(
                value(config, TopicConfig.RETENTION_MS_CONFIG).map(Long::parseLong),
                value(config, TopicConfig.CLEANUP_POLICY_CONFIG),
                value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).map(Integer::parseInt))));
        return out;
    }

    @Override
    public void describeProducers(Collection<TopicPartition> partitions, int batchSize, Duration timeout,
                                  java.util.function.BiConsumer<TopicPartition, Fact<List<ActiveProducer>>> each) {
        // Requests sized by the entries they will return (CensusRequests), at most batchSize partitions each, as
        // Kafka's TransactionsCommand batches; the Admin client groups each request by leader into one call per broker.
        Deadline deadline = Deadline.after(timeout, ticker);
        CensusRequests requests = new CensusRequests(List.copyOf(partitions), estimates, batchSize, census);
        while (requests.hasNext()) {
            Duration left = remaining(deadline);
            if (left.isZero()) {
                requests.rest().forEach(tp -> each.accept(tp, Fact.unknown("census timed out after " + timeout.toSeconds() + "s before this partition")));
                break;
            }
            CensusRequests.Request request = requests.next();
            request.refused().forEach(r -> each.accept(r.partition(), Fact.unknown(r.reason())));
            if (request.partitions().isEmpty()) {
                continue;
            }
            CensusPermits.Turn turn;
            try {
                turn = census.take(request.expectedEntries(), left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                request.partitions().forEach(tp -> each.accept(tp, Fact.unknown("describeProducers: interrupted")));
                continue;
            }
            if (turn == null) {
                request.partitions().forEach(tp -> each.accept(tp, Fact.unknown("census timed out after " + timeout.toSeconds()
                        + "s waiting for other clusters' censuses (" + census.entries() + " entries at once fit this heap)")));
                continue;
            }
            try (turn) {
                readBatch(request.partitions(), deadline, timeout, (tp, answer) -> {
                    answer.optional().ifPresent(producers -> requests.answered(tp, producers.size()));
                    each.accept(tp, answer);
                });
            }
        }
    }

    /**
     * One request: asked, then each partition's answer handed on as it is read, as a view over the
     * Admin client's own records (no copy: a copy would double what the answer holds); the answer is
     * dropped after.
     */
    private void readBatch(List<TopicPartition> batch, Deadline deadline, Duration timeout,
                           java.util.function.BiConsumer<TopicPartition, Fact<List<ActiveProducer>>> each) {
        DescribeProducersResult result;
        try {
            result = admin.get().describeProducers(batch, new DescribeProducersOptions().timeoutMs(millis(remaining(deadline))));
        } catch (org.apache.kafka.common.KafkaException e) {
            batch.forEach(tp -> each.accept(tp, Fact.unknown("describeProducers: " + e.getMessage())));
            return;
        }
        for (TopicPartition tp : batch) {
            try {
                DescribeProducersResult.PartitionProducerState state =
                        result.partitionResult(tp).get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
                each.accept(tp, Fact.known(new ProducerStateView(state.activeProducers())));
            } catch (ExecutionException e) {
                each.accept(tp, Fact.unknown("describeProducers: " + rootMessage(e)));
            } catch (TimeoutException e) {
                each.accept(tp, Fact.unknown("describeProducers: no answer within the census timeout of " + timeout.toSeconds() + "s"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                each.accept(tp, Fact.unknown("describeProducers: interrupted"));
            }
        }
    }

    /** The Admin client's records of one partition seen as ours, each made when it is read and garbage at once. */
    private static final class ProducerStateView extends java.util.AbstractList<ActiveProducer> implements java.util.RandomAccess {
        private final List<org.apache.kafka.clients.admin.ProducerState> states;

        ProducerStateView(List<org.apache.kafka.clients.admin.ProducerState> states) {
            this.states = states;
        }

        @Override
        public ActiveProducer get(int index) {
            org.apache.kafka.clients.admin.ProducerState p = states.get(index);
            return new ActiveProducer(p.producerId(), Instant.ofEpochMilli(p.lastTimestamp()), p.currentTransactionStartOffset(), p.lastSequence());
        }

        @Override
        public int size() {
            return states.size();
        }
    }

    @Override
    public ConsumerOffsets consumerOffsets(Duration timeout) throws SourceFailure {
        Deadline deadline = Deadline.after(timeout, ticker);
        Collection<GroupListing> groups = await("listGroups", admin.get().listGroups(new ListGroupsOptions().timeoutMs(millis(timeout))).all(), timeout);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        for (GroupListing g : groups) {
            // Share and streams groups keep no offsets here; classic (also simple, assign-only) and consumer groups do.
            if (g.type().map(t -> t == GroupType.CLASSIC || t == GroupType.CONSUMER).orElse(true)) {
                specs.put(g.groupId(), new ListConsumerGroupOffsetsSpec());
            }
        }
        if (specs.isEmpty()) {
            return new ConsumerOffsets(Map.of());
        }
        Duration left = remaining(deadline);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = await("listConsumerGroupOffsets",
                admin.get().listConsumerGroupOffsets(specs, new ListConsumerGroupOffsetsOptions().timeoutMs(millis(left))).all(), left);
        Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
        offsets.forEach((group, committed) -> {
            Map<TopicPartition, Long> plain = new HashMap<>();
            committed.forEach((tp, om) -> {
                if (om != null) {
                    plain.put(tp, om.offset());
                }
            });
            byGroup.put(group, plain);
        });
        return new ConsumerOffsets(byGroup);
    }

    @Override
    public Map<TopicPartition, PartitionOffsets> partitionOffsets(Collection<TopicPartition> partitions, Optional<Instant> timestamp,
                                                                  Duration timeout) throws SourceFailure {
        Deadline deadline = Deadline.after(timeout, ticker);
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest(), "listOffsets earliest", remaining(deadline));
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest(), "listOffsets latest", remaining(deadline));
        Map<TopicPartition, Long> at = timestamp.isPresent()
                ? offsets(partitions, OffsetSpec.forTimestamp(timestamp.get().toEpochMilli()), "listOffsets forTimestamp", remaining(deadline))
                : Map.of();
        Map<TopicPartition, PartitionOffsets> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            Long ts = at.get(tp);
            // forTimestamp answers -1 when no record is that new.
            out.put(tp, new PartitionOffsets(start.get(tp), end.get(tp), ts == null || ts < 0 ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(ts)));
        }
        return out;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec, String call, Duration timeout)
            throws SourceFailure {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = await(call,
                admin.get().listOffsets(request, new ListOffsetsOptions().timeoutMs(millis(timeout))).all(), timeout);
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @Override
    public Optional<String> clusterDefault(String configName, Duration timeout) throws SourceFailure {
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        Map<ConfigResource, Config> configs = await("describeConfigs (cluster default)",
                admin.get().describeConfigs(List.of(clusterDefault), new DescribeConfigsOptions().timeoutMs(millis(timeout))).all(), timeout);
        ConfigEntry entry = configs.get(clusterDefault).get(configName);
        return entry == null || entry.value() == null ? Optional.empty() : Optional.of(entry.value());
    }

    @Override
    public Map<Integer, Map<String, BrokerConfigEntry>> brokerConfigs(Collection<Integer> brokers, java.util.Set<String> names, Duration timeout)
            throws SourceFailure {
        List<ConfigResource> resources = brokers.stream().map(id -> new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(id))).toList();
        Map<ConfigResource, Config> configs = await("describeConfigs (brokers " + brokers + ")",
                admin.get().describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(millis(timeout))).all(), timeout);
        Map<Integer, Map<String, BrokerConfigEntry>> out = new LinkedHashMap<>();
        for (ConfigResource resource : resources) {
            Map<String, BrokerConfigEntry> known = new LinkedHashMap<>();
            for (String name : names) {
                ConfigEntry entry = configs.get(resource).get(name);
                if (entry != null) {
                    known.put(name, new BrokerConfigEntry(name, Optional.ofNullable(entry.value()), entry.source().name()));
                }
            }
            out.put(Integer.parseInt(resource.name()), known);
        }
        return out;
    }

    @Override
    public java.util.Set<TopicPartition> reassignmentsInProgress(Duration timeout) throws SourceFailure {
        return await("listPartitionReassignments", admin.get().listPartitionReassignments(
                new org.apache.kafka.clients.admin.ListPartitionReassignmentsOptions().timeoutMs(millis(timeout))).reassignments(), timeout).keySet();
    }

    /**
     * The quorum as its leader describes it, and {@code controller.quorum.fetch.timeout.ms} read
     * from the voters that are also brokers (combined mode), or else from every broker: Admin
     * reaches controller-only nodes only through a controller bootstrap, which we do not use. Where
     * the brokers disagree the smallest value is kept, the strictest judge of "caught up".
     */
    @Override
    public ControllerQuorum controllerQuorum(Duration timeout) throws SourceFailure {
        Deadline deadline = Deadline.after(timeout, ticker);
        org.apache.kafka.clients.admin.QuorumInfo info = await("describeMetadataQuorum", admin.get().describeMetadataQuorum(
                new org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions().timeoutMs(millis(timeout))).quorumInfo(), timeout);
        Map<Integer, Optional<Instant>> caughtUp = new HashMap<>();
        for (org.apache.kafka.clients.admin.QuorumInfo.ReplicaState v : info.voters()) {
            OptionalLong at = v.lastCaughtUpTimestamp();
            caughtUp.put(v.replicaId(), at.isPresent() && at.getAsLong() >= 0 ? Optional.of(Instant.ofEpochMilli(at.getAsLong())) : Optional.empty());
        }
        return new ControllerQuorum(info.leaderId(), caughtUp, fetchTimeout(caughtUp.keySet(), deadline));
    }

    private Duration fetchTimeout(java.util.Set<Integer> voters, Deadline deadline) throws SourceFailure {
        java.util.Set<Integer> brokers = describeCluster(remaining(deadline)).registeredBrokerHosts().keySet();
        List<Integer> ask = voters.stream().filter(brokers::contains).sorted().toList();
        Map<Integer, Map<String, BrokerConfigEntry>> configs = brokerConfigs(ask.isEmpty() ? brokers : ask,
                java.util.Set.of(QuorumFetchTimeout.CONFIG), remaining(deadline));
        return QuorumFetchTimeout.strictest(configs);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    public void abandon() {
        admin.close(Duration.ZERO);
    }

    private <T> T await(String call, KafkaFuture<T> future, Duration timeout) throws SourceFailure {
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SourceFailure(call + " on cluster " + cluster + ": no answer within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw new SourceFailure(call + " on cluster " + cluster + ": " + rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailure(call + " on cluster " + cluster + ": interrupted", e);
        }
    }

    private static Duration remaining(Deadline deadline) {
        return deadline.remaining();
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static Optional<String> value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? Optional.empty() : Optional.of(entry.value());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
