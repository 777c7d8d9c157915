package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.ActionClients;
import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.JmxSettings;
import dev.kafkaremediator.config.ObserveTimeouts;
import dev.kafkaremediator.config.RollSettings;
import dev.kafkaremediator.observe.BrokerJmx;
import dev.kafkaremediator.observe.BrokerJmxReading;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterMembership;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.ControllerQuorum;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.GcTotals;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.observe.TopicConfigs;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.time.BoundedWait;
import dev.kafkaremediator.time.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A whole cluster as plain, mutable values, for unit tests of the act and daemon steps: brokers
 * (registered, state, producer-id count, which one is the controller), topics with replicas and
 * ISR, and every fake client wired to that state. {@link #snapshot()} is what an observation would
 * see now; {@link #context()} is what an action works with. Time is a {@link FakeClock} that every
 * bounded wait advances instead of sleeping.
 */
public final class TestCluster {
    public static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    /** One broker's state; mutate it to play what the broker does. */
    public static final class Broker {
        public boolean registered = true;
        public String state = "RUNNING";
        public long producerIds;
        public boolean answersJmx = true;
        /** When its JVM started (JMX Runtime StartTime); a restart sets it to the clock's now. */
        public Instant startedAt = START.minus(Duration.ofDays(1));
    }

    public final String name = "c";
    public final FakeClock clock = new FakeClock(START);
    public final Map<Integer, Broker> brokers = new TreeMap<>();
    /** Topic -> partitions, each the list of its replicas. */
    public final Map<String, List<List<Integer>>> topics = new LinkedHashMap<>();
    /** Brokers currently out of every ISR (restarting or lagging). */
    public final java.util.Set<Integer> outOfSync = new java.util.HashSet<>();
    public int controller = 1;
    /** False: describeMetadataQuorum fails. */
    public boolean quorumAnswers = true;
    /** How far behind the quorum leader a broker that is down last caught up. */
    static final Duration QUORUM_LAG_OF_A_DOWN_BROKER = Duration.ofMinutes(1);
    public int minInsyncReplicas = 2;
    public RollSettings roll = new RollSettings(2, Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(2),
            Duration.ofMinutes(30), Duration.ofMinutes(5), 2, true);

    public final InMemoryClusterAdmin admin = new InMemoryClusterAdmin();
    public final InMemoryClusterChanges changes = new InMemoryClusterChanges();
    public final InMemoryBrokerDiagnostics diagnostics = new InMemoryBrokerDiagnostics();
    public final FakeRestarter restarter = new FakeRestarter();
    public final InMemoryRollJournal journal = new InMemoryRollJournal();
    public final InMemoryNotifications notifications = new InMemoryNotifications();
    public final InMemoryActionLedger ledger = new InMemoryActionLedger();
    public final InMemoryAuditLog audit = new InMemoryAuditLog();
    /**
     * Producer state per broker and partition replica, once a test has put some there with
     * {@link #leak}: then each broker's ProducerIdCount is what it holds, the census is what the
     * leaders hold, and each broker runs its expiry pass every {@link #passInterval} from {@link #START}
     * with the producer.id.expiration.ms in force on it (per-broker override, cluster default, 1 day).
     */
    public final Map<Integer, Map<org.apache.kafka.common.TopicPartition, List<dev.kafkaremediator.observe.ActiveProducer>>> state = new TreeMap<>();
    public final Map<Integer, Duration> passInterval = new TreeMap<>();
    private Instant simulatedUntil = START;
    /** Runs before the brokers' passes at every observation: lets a test play producers that keep writing ({@link #touch}). */
    public Runnable beforePass = () -> { };
    private long nextProducerId = 1_000;
    public int snapshots;
    /** Called with the number of the snapshot about to be taken (1, 2, ...): lets a test change the cluster between observations. */
    public java.util.function.IntConsumer onSnapshot = n -> { };

    /** {@code n} brokers, ids 1..n, broker 1 the controller; one RF 3 topic "clicks" with 3 partitions when n >= 3. */
    public TestCluster(int n) {
        for (int id = 1; id <= n; id++) {
            brokers.put(id, new Broker());
        }
        if (n >= 3) {
            topic("clicks", 3);
        }
        changes.onDeleteRecords = targets -> targets.forEach((tp, offset) -> {
            dev.kafkaremediator.observe.PartitionOffsets o = admin.partitionOffsets.get(tp);
            admin.partitionOffsets.put(tp, new dev.kafkaremediator.observe.PartitionOffsets(offset, o.end(), OptionalLong.empty()));
            if (offset >= o.end()) {
                trimmedToEnd.add(tp);
            }
        });
        changes.clusterDefaults = admin.clusterDefaults;
        changes.brokerOverrides = admin.brokerOverrides;
        brokers.keySet().forEach(id -> passInterval.put(id, Duration.ofMinutes(10)));
    }

    public Broker broker(int id) {
        return brokers.get(id);
    }

    public ClusterConfig config() {
        JmxSettings jmx = new JmxSettings(Map.of(), Optional.empty(), OptionalInt.of(9999), Optional.empty(), Optional.empty(), false);
        return new ClusterConfig(name, "h1:9092", Map.of(), jmx, new ObserveTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                500, List.of("fake-restart", "{id}"), Path.of("/var/tmp/dumps"), roll);
    }

    /** {@code perPartition} new idempotent producers on every partition of {@code topic}, each last writing at {@code lastWrite}. */
    /** A topic of {@code partitions} partitions, replicas spread over the first three brokers, 100 records in each partition. */
    public synchronized void topic(String name, int partitions) {
        List<List<Integer>> layout = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            layout.add(List.of(1 + p % 3, 1 + (p + 1) % 3, 1 + (p + 2) % 3));
            admin.partitionOffsets.put(new org.apache.kafka.common.TopicPartition(name, p),
                    new dev.kafkaremediator.observe.PartitionOffsets(0, 100, OptionalLong.empty()));
        }
        topics.put(name, layout);
    }

    public synchronized void leak(String topic, int perPartition, Instant lastWrite) {
        add(topic, perPartition, lastWrite, java.util.OptionalLong.empty());
    }

    /** {@code count} producers on every partition of {@code topic} whose transaction, begun at offset 0, is still open. */
    public synchronized void openTransactions(String topic, int count, Instant lastWrite) {
        add(topic, count, lastWrite, java.util.OptionalLong.of(0));
    }

    private void add(String topic, int perPartition, Instant lastWrite, java.util.OptionalLong transaction) {
        List<List<Integer>> partitions = topics.get(topic);
        for (int p = 0; p < partitions.size(); p++) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, p);
            for (int i = 0; i < perPartition; i++) {
                dev.kafkaremediator.observe.ActiveProducer producer = new dev.kafkaremediator.observe.ActiveProducer(nextProducerId++, lastWrite,
                        transaction);
                for (int replica : partitions.get(p)) {
                    state.computeIfAbsent(replica, b -> new java.util.HashMap<>()).computeIfAbsent(tp, x -> new ArrayList<>()).add(producer);
                }
            }
        }
        simulate();
    }

    /** Every producer of {@code topic} writes again now: its entries stay (producers still writing keep their ids). */
    public synchronized void touch(String topic) {
        Instant now = clock.instant();
        state.values().forEach(parts -> parts.forEach((tp, list) -> {
            if (tp.topic().equals(topic)) {
                list.replaceAll(p -> new dev.kafkaremediator.observe.ActiveProducer(p.producerId(), now, p.transactionStartOffset()));
            }
        }));
    }

    /** Runs every broker's expiry passes due up to now, then publishes counts and the leaders' census. */
    private void simulate() {
        if (state.isEmpty()) {
            return;
        }
        beforePass.run();
        Instant now = clock.instant();
        for (Map.Entry<Integer, Map<org.apache.kafka.common.TopicPartition, List<dev.kafkaremediator.observe.ActiveProducer>>> e : state.entrySet()) {
            int b = e.getKey();
            long interval = passInterval.get(b).toMillis();
            long from = Duration.between(START, simulatedUntil).toMillis() / interval + 1;
            long to = Duration.between(START, now).toMillis() / interval;
            if (brokers.get(b).registered && from <= to) {
                Instant pass = START.plusMillis(to * interval);
                long expiration = Long.parseLong(admin.brokerOverrides.getOrDefault(b, Map.of()).getOrDefault("producer.id.expiration.ms",
                        admin.clusterDefaults.getOrDefault("producer.id.expiration.ms", "86400000")));
                e.getValue().values().forEach(list -> list.removeIf(p -> !p.inTransaction()
                        && p.lastTimestamp().isBefore(pass.minusMillis(expiration))));
            }
        }
        simulatedUntil = now;
        state.forEach((b, parts) -> brokers.get(b).producerIds = parts.values().stream().mapToLong(List::size).sum());
        admin.producers.clear();
        topics.forEach((topic, partitions) -> {
            for (int p = 0; p < partitions.size(); p++) {
                org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, p);
                int leader = partitions.get(p).get(0);
                admin.producers.put(tp, dev.kafkaremediator.observe.Fact.known(List.copyOf(
                        state.getOrDefault(leader, Map.of()).getOrDefault(tp, List.of()))));
            }
        });
    }

    /** What an observation sees now. */
    public synchronized ClusterSnapshot snapshot() {
        snapshots++;
        onSnapshot.accept(snapshots);
        simulate();
        syncAdmin();
        List<BrokerSnapshot> list = new ArrayList<>();
        brokers.forEach((id, b) -> list.add(new BrokerSnapshot(id, Optional.of("h" + id), b.registered, Optional.of("h" + id + ":9999"),
                b.registered && b.answersJmx ? reading(id, b) : BrokerJmxReading.unknown("JMX h" + id + ":9999 does not answer"))));
        return new ClusterSnapshot(name, clock.instant(), Duration.ZERO, Fact.known(membership()), list, Fact.known(topicSnapshots()),
                Fact.known(new ConsumerOffsets(Map.of())), Map.of());
    }

    private BrokerJmxReading reading(int id, Broker b) {
        return new BrokerJmxReading(Fact.known(new HeapUsage(100, 200, 400, OptionalLong.of(80))), Fact.known(new GcTotals(0, Duration.ZERO)),
                Fact.known(b.producerIds), Fact.known(0L), Fact.known(0L), Fact.known(b.state), Fact.known(id == controller),
                Fact.known(new dev.kafkaremediator.observe.ProducerInitRequests(0, b.startedAt.toEpochMilli())), Fact.unknown("not in this test"));
    }

    private ClusterMembership membership() {
        Map<Integer, String> hosts = new TreeMap<>();
        brokers.forEach((id, b) -> {
            if (b.registered) {
                hosts.put(id, "h" + id);
            }
        });
        return new ClusterMembership(hosts, OptionalInt.of(controller));
    }

    private List<TopicSnapshot> topicSnapshots() {
        List<TopicSnapshot> out = new ArrayList<>();
        topics.forEach((topic, partitions) -> {
            List<PartitionSnapshot> ps = new ArrayList<>();
            for (int p = 0; p < partitions.size(); p++) {
                List<Integer> replicas = partitions.get(p);
                List<Integer> isr = replicas.stream().filter(r -> brokers.get(r).registered && !outOfSync.contains(r)).toList();
                OptionalInt leader = isr.isEmpty() ? OptionalInt.empty() : OptionalInt.of(isr.get(0));
                ps.add(new PartitionSnapshot(p, leader, replicas, isr, Fact.unknown("not in this test")));
            }
            out.add(new TopicSnapshot(topic, false, ps, Fact.known(new TopicConfigs(Optional.of(-1L), Optional.of("delete"),
                    Optional.of(minInsyncReplicas))), Fact.unknown("not in this test")));
        });
        return out;
    }

    private void syncAdmin() {
        // Every broker is a voter (combined mode, as the local cluster runs): a registered one caught up
        // at the leader's time, one that is down last caught up well beyond the fetch timeout ago.
        Instant leaderTime = clock.instant();
        Map<Integer, Optional<Instant>> voters = new TreeMap<>();
        brokers.forEach((id, b) -> voters.put(id, Optional.of(b.registered ? leaderTime : leaderTime.minus(QUORUM_LAG_OF_A_DOWN_BROKER))));
        admin.quorum = quorumAnswers ? new ControllerQuorum(controller, voters, ControllerQuorum.DEFAULT_FETCH_TIMEOUT) : null;
        admin.membership = membership();
    }

    /** JMX read live from the brokers' state. */
    public BrokerJmx jmx() {
        return (endpoint, timeout) -> {
            synchronized (this) {
                int id = Integer.parseInt(endpoint.substring(1, endpoint.indexOf(':')));
                Broker b = brokers.get(id);
                if (b == null || !b.registered || !b.answersJmx) {
                    throw new SourceFailure("JMX " + endpoint + ": connection refused");
                }
                simulate();
                return reading(id, b);
            }
        };
    }

    /** What an action planned on the snapshot taken now works with; waits advance the fake clock. */
    public ActionContext context() {
        return context(() -> false);
    }

    public ActionContext context(java.util.function.BooleanSupplier stopping) {
        return context(stopping, dev.kafkaremediator.act.ClusterLease.none());
    }

    /** The same, acting under {@code lease} (several remediators). */
    public ActionContext context(java.util.function.BooleanSupplier stopping, dev.kafkaremediator.act.ClusterLease lease) {
        syncAdmin();
        ActionClients clients = new ActionClients(admin, jmx(), changes, diagnostics, restarter, journal, notifications);
        return new ActionContext(config(), snapshot(), this::snapshot, clients, ledger, new BoundedWait(clock, clock.pause()), stopping, lease);
    }

    /**
     * The restart of a broker as a healthy broker does it: back, registered, RUNNING and in sync,
     * having reloaded the producer state of its replicas from their snapshots (KIP-360: a partition
     * trimmed to its end keeps none). Without simulated state, its count drops to 0.
     */
    public void restartsCleanly() {
        restarter.onRestart = id -> {
            synchronized (this) {
                brokers.get(id).producerIds = 0;
                brokers.get(id).startedAt = clock.instant();
                state.getOrDefault(id, Map.of()).entrySet().removeIf(e -> trimmedToEnd.contains(e.getKey()));
            }
        };
    }

    /** Partitions a trim moved to their end: a restarted broker keeps no producer state for them. */
    public final java.util.Set<org.apache.kafka.common.TopicPartition> trimmedToEnd = new java.util.HashSet<>();
}
