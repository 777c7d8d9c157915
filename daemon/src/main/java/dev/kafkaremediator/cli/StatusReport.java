package dev.kafkaremediator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaremediator.history.Sample;
import dev.kafkaremediator.history.Series;
import dev.kafkaremediator.history.SeriesNames;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.HeapAfterGc;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.TopicProducers;
import dev.kafkaremediator.observe.TopicSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What {@code remediator status} shows of one snapshot and its recent history: per broker heap,
 * producer ids and health; the top topics by producer-state entries with their growth per hour.
 * Unknown facts print as "?" (table) or null with the reason under "unknown" (JSON), never as 0.
 */
final class StatusReport {
    static final Duration GROWTH_WINDOW = Duration.ofHours(1);
    // Growth needs two samples at least this far apart; closer ones say more about noise than rate.
    private static final Duration MIN_SPAN = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterSnapshot snapshot;
    private final List<Sample> recent;
    private final int top;

    /** {@code recent}: the history of the last hour, the current snapshot's sample included. */
    StatusReport(ClusterSnapshot snapshot, List<Sample> recent, int top) {
        this.snapshot = snapshot;
        this.recent = List.copyOf(recent);
        this.top = top;
    }

    String cluster() {
        return snapshot.cluster();
    }

    /**
     * The broker whose JMX says it is the active controller. Not describeCluster's "controller":
     * in KRaft that is a random broker (KIP-919), not the quorum leader.
     */
    java.util.Optional<Integer> activeController() {
        return snapshot.brokers().stream().filter(b -> b.jmx().activeController().optional().orElse(false))
                .map(BrokerSnapshot::id).findFirst();
    }

    OptionalDouble growthPerHour(String series) {
        return Series.of(series, recent).since(snapshot.takenAt().minus(GROWTH_WINDOW)).sinceLastDrop().slopePerHour(MIN_SPAN);
    }

    List<TopicSnapshot> topTopics() {
        List<TopicSnapshot> topics = new ArrayList<>(snapshot.topics().optional().orElse(List.of()));
        topics.sort(Comparator.comparingLong((TopicSnapshot t) -> t.producers().optional().map(TopicProducers::entries).orElse(-1L))
                .reversed().thenComparing(TopicSnapshot::name));
        return topics.subList(0, Math.min(top, topics.size()));
    }

    /** The broker with the most heap left after its last old-generation collection: the one nearest to trouble. */
    java.util.Optional<BrokerSnapshot> worstAfterGc() {
        return snapshot.brokers().stream().filter(b -> b.heap().flatMap(HeapUsage::afterGc).isKnown())
                .max(Comparator.comparingLong(b -> b.heap().flatMap(HeapUsage::afterGc).optional().orElseThrow().bytes()));
    }

    /** The broker holding the most producer-state entries. */
    java.util.Optional<BrokerSnapshot> mostProducerIds() {
        return snapshot.brokers().stream().filter(b -> b.producerIdCount().isKnown())
                .max(Comparator.comparingLong(b -> b.producerIdCount().optional().orElseThrow()));
    }

    /** The full report with the fleet's facts added (owner, open findings, last action, and the worst broker's figures). */
    ObjectNode json(FleetFacts.Facts facts) {
        ObjectNode root = json();
        root.put("brokerCount", snapshot.brokers().size());
        root.put("registeredBrokers", snapshot.brokers().stream().filter(BrokerSnapshot::registered).count());
        worstAfterGc().ifPresentOrElse(b -> {
            root.put("worstHeapAfterGcBrokerId", b.id());
            root.put("worstHeapAfterGcBytes", b.heap().flatMap(HeapUsage::afterGc).optional().orElseThrow().bytes());
        }, () -> {
            root.putNull("worstHeapAfterGcBrokerId");
            root.putNull("worstHeapAfterGcBytes");
        });
        mostProducerIds().ifPresentOrElse(b -> {
            root.put("maxBrokerProducerIdsBrokerId", b.id());
            root.put("maxBrokerProducerIds", b.producerIdCount().optional().orElseThrow());
            putRate(root, "maxBrokerProducerIdGrowthPerHour", growthPerHour(SeriesNames.brokerProducerIds(b.id())));
        }, () -> {
            root.putNull("maxBrokerProducerIdsBrokerId");
            root.putNull("maxBrokerProducerIds");
            root.putNull("maxBrokerProducerIdGrowthPerHour");
        });
        putFacts(root, facts);
        return root;
    }

    /**
     * A cluster that did not answer, for status --json: {@code "reachable": false} and
     * {@code unreachableReason}, what its snapshot knew (when it took one) and the state's facts.
     */
    static ObjectNode unreachableJson(dev.kafkaremediator.config.ClusterConfig cluster, String why, java.util.Optional<ClusterSnapshot> snapshot,
                                      FleetFacts.Facts facts) {
        ObjectNode root;
        if (snapshot.isPresent()) {
            root = new StatusReport(snapshot.get(), List.of(), 0).json(facts);
        } else {
            root = JSON.createObjectNode();
            root.put("cluster", cluster.name());
            root.putNull("takenAt");
            root.put("reachable", false);
            root.putArray("brokers");
            root.putArray("topics");
            root.put("brokerCount", 0);
            root.put("registeredBrokers", 0);
            putFacts(root, facts);
        }
        root.put("reachable", false);
        root.put("bootstrapServers", cluster.bootstrapServers());
        root.put("unreachableReason", why);
        return root;
    }

    /** The state's facts alone (a cluster that did not answer still has an owner, findings and a last action). */
    static void putFacts(ObjectNode root, FleetFacts.Facts facts) {
        facts.owner().ifPresentOrElse(o -> root.put("owner", o), () -> root.putNull("owner"));
        facts.openFindings().ifPresentOrElse(n -> root.put("openFindings", n), () -> root.putNull("openFindings"));
        facts.lastAction().ifPresentOrElse(a -> root.putObject("lastAction").put("action", a.action()).put("id", a.id()).put("event", a.event())
                .put("time", a.time().toString()).put("dryRun", a.dryRun()), () -> root.putNull("lastAction"));
    }

    /** One line of the fleet table (StatusCommand prints the header). */
    String fleetLine(FleetFacts.Facts facts, java.time.Instant now) {
        long registeredCount = snapshot.brokers().stream().filter(BrokerSnapshot::registered).count();
        String afterGc = worstAfterGc().map(b -> {
            HeapAfterGc a = b.heap().flatMap(HeapUsage::afterGc).optional().orElseThrow();
            long max = b.heap().optional().map(HeapUsage::max).orElse(0L);
            return mb(a.bytes()) + (max > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * a.bytes() / max) : "") + " b" + b.id();
        }).orElse("?");
        String ids = mostProducerIds().map(b -> b.producerIdCount().optional().orElseThrow() + " b" + b.id()).orElse("?");
        String growth = mostProducerIds().map(b -> rate(growthPerHour(SeriesNames.brokerProducerIds(b.id())))).orElse("-");
        return fleetRow(snapshot.cluster(), registeredCount + "/" + snapshot.brokers().size(), afterGc, ids, growth, facts, now);
    }

    static String fleetHeader() {
        return String.format(Locale.ROOT, FLEET_FORMAT, "CLUSTER", "BROKERS", "WORST AFTER GC", "PRODUCER IDS", "GROWTH/H", "FINDINGS",
                "LAST ACTION", "OWNER");
    }

    static String fleetRow(String cluster, String brokers, String afterGc, String ids, String growth, FleetFacts.Facts facts, java.time.Instant now) {
        String last = facts.lastAction().map(a -> a.action() + " " + a.event() + " " + dev.kafkaremediator.time.Durations.format(
                Duration.between(a.time(), now).withNanos(0).abs()) + " ago" + (a.dryRun() ? " [dry-run]" : "")).orElse("-");
        return String.format(Locale.ROOT, FLEET_FORMAT, cluster, brokers, afterGc, ids, growth,
                facts.openFindings().map(String::valueOf).orElse("?"), last, facts.owner().orElse("-"));
    }

    private static final String FLEET_FORMAT = "%-24s %-11s %-20s %-16s %-10s %-9s %-28s %s";

    ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("cluster", snapshot.cluster());
        root.put("takenAt", snapshot.takenAt().toString());
        root.put("durationMs", snapshot.duration().toMillis());
        root.put("reachable", snapshot.reachable());
        ObjectNode unknown = root.putObject("unknown");
        put(root, unknown, "topicCount", snapshot.topicCount().map(Integer::longValue));
        put(root, unknown, "partitionCount", snapshot.partitionCount().map(Integer::longValue));
        activeController().ifPresentOrElse(id -> root.put("activeControllerId", id), () -> root.putNull("activeControllerId"));
        putRate(root, unknown, "producerInitsPerSecond", snapshot.producerInitsPerSecond());
        root.set("clients", clientsJson());
        ArrayNode brokers = root.putArray("brokers");
        for (BrokerSnapshot b : snapshot.brokers()) {
            ObjectNode node = brokers.addObject();
            ObjectNode brokerUnknown = JSON.createObjectNode();
            node.put("id", b.id());
            node.put("registered", b.registered());
            b.host().ifPresentOrElse(h -> node.put("host", h), () -> node.putNull("host"));
            b.jmxEndpoint().ifPresentOrElse(e -> node.put("jmx", e), () -> node.putNull("jmx"));
            put(node, brokerUnknown, "heapUsedBytes", b.heap().map(HeapUsage::used));
            put(node, brokerUnknown, "heapCommittedBytes", b.heap().map(HeapUsage::committed));
            put(node, brokerUnknown, "heapMaxBytes", b.heap().map(HeapUsage::max));
            Fact<HeapAfterGc> afterGc = b.heap().flatMap(HeapUsage::afterGc);
            put(node, brokerUnknown, "heapAfterGcBytes", afterGc.map(HeapAfterGc::bytes));
            afterGc.optional().ifPresent(a -> {
                node.put("heapAfterGcAt", a.collectedAt().toString());
                node.put("heapAfterGcCollection", a.collection());
            });
            put(node, brokerUnknown, "gcCount", b.jmx().gc().map(g -> g.collections()));
            put(node, brokerUnknown, "gcTimeMs", b.jmx().gc().map(g -> g.time().toMillis()));
            put(node, brokerUnknown, "producerIdCount", b.producerIdCount());
            putRate(node, "producerIdGrowthPerHour", growthPerHour(SeriesNames.brokerProducerIds(b.id())));
            put(node, brokerUnknown, "producerStateBytes", b.jmx().producerStateBytes());
            b.jmx().producerStateHeapRatio().optional().ifPresentOrElse(r -> node.put("producerStateHeapRatio", Math.round(r * 10000) / 10000.0),
                    () -> node.putNull("producerStateHeapRatio"));
            node.put("producerStateBytesPerEntry", b.jmx().producerStateSize().bytesPerEntry());
            node.put("producerStateBytesPerEntrySource", b.jmx().producerStateSize().source());
            putRate(node, brokerUnknown, "producerInitsPerSecond", b.producerInitsPerSecond());
            put(node, brokerUnknown, "producerInitRequests", b.jmx().producerInitRequests().map(r -> r.count()));
            b.jmx().clients().optional().ifPresentOrElse(c -> {
                ArrayNode software = node.putArray("clientSoftware");
                c.software().forEach(sw -> software.addObject().put("name", sw.name()).put("version", sw.version()).put("connections", sw.connections()));
                c.connectionsCreated().ifPresent(n -> node.put("connectionsCreatedSinceStart", n));
            }, () -> {
                node.putNull("clientSoftware");
                brokerUnknown.put("clientSoftware", b.jmx().clients().unknownReason().orElse(""));
            });
            put(node, brokerUnknown, "underReplicatedPartitions", b.jmx().underReplicatedPartitions());
            put(node, brokerUnknown, "offlinePartitions", b.jmx().offlinePartitions());
            b.jmx().brokerState().optional().ifPresentOrElse(s -> node.put("brokerState", s), () -> {
                node.putNull("brokerState");
                brokerUnknown.put("brokerState", b.jmx().brokerState().unknownReason().orElse(""));
            });
            b.jmx().activeController().optional().ifPresentOrElse(a -> node.put("activeController", a), () -> node.putNull("activeController"));
            node.set("unknown", brokerUnknown);
        }
        ArrayNode topics = root.putArray("topics");
        for (TopicSnapshot t : topTopics()) {
            ObjectNode node = topics.addObject();
            ObjectNode topicUnknown = JSON.createObjectNode();
            node.put("name", t.name());
            node.put("internal", t.internal());
            node.put("partitions", t.partitions().size());
            node.put("replicationFactor", t.replicationFactor());
            put(node, topicUnknown, "producerIds", t.producers().map(TopicProducers::distinctIds));
            put(node, topicUnknown, "producerEntries", t.producers().map(TopicProducers::entries));
            putRate(node, "producerEntriesGrowthPerHour", growthPerHour(SeriesNames.topicProducerEntries(t.name())));
            t.producers().optional().flatMap(TopicProducers::newestLastTimestamp).ifPresent(ts -> node.put("newestProducerTimestamp", ts.toString()));
            t.producers().optional().flatMap(TopicProducers::oldestLastTimestamp).ifPresent(ts -> node.put("oldestProducerTimestamp", ts.toString()));
            t.producers().optional().ifPresent(p -> {
                node.put("openTransactions", p.openTransactions());
                p.oldestOpenTransactionWrite().ifPresent(ts -> node.put("oldestOpenTransactionLastWrite", ts.toString()));
            });
            t.configs().optional().ifPresent(c -> {
                c.retentionMs().ifPresent(v -> node.put("retentionMs", v));
                c.cleanupPolicy().ifPresent(v -> node.put("cleanupPolicy", v));
                c.minInsyncReplicas().ifPresent(v -> node.put("minInsyncReplicas", v));
            });
            t.configs().unknownReason().ifPresent(r -> topicUnknown.put("configs", r));
            node.set("unknown", topicUnknown);
        }
        ObjectNode failures = root.putObject("failures");
        snapshot.failures().forEach(failures::put);
        return root;
    }

    void printTable(PrintWriter out) {
        out.printf("cluster %s at %s (%d ms): %s topics, %s partitions%s%n", snapshot.cluster(), snapshot.takenAt(),
                snapshot.duration().toMillis(), text(snapshot.topicCount()), text(snapshot.partitionCount()),
                activeController().map(id -> ", active controller " + id).orElse(""));
        out.printf("%-7s %-11s %-22s %-10s %-16s %-14s %-16s %-5s %-8s %s%n", "BROKER", "REGISTERED", "HEAP USED/MAX", "AFTER GC",
                "PRODUCER IDS", "GROWTH/H", "PRODUCER STATE", "URP", "OFFLINE", "STATE");
        for (BrokerSnapshot b : snapshot.brokers()) {
            String heap = b.heap().optional().map(h -> String.format(Locale.ROOT, "%s/%s (%.0f%%)", mb(h.used()), mb(h.max()), 100 * h.usedFraction()))
                    .orElse("?");
            String afterGc = b.heap().flatMap(HeapUsage::afterGc).optional().map(a -> mb(a.bytes())).orElse("?");
            String state = b.jmx().producerStateBytes().optional().map(bytes -> mb(bytes) + b.jmx().producerStateHeapRatio().optional()
                    .map(r -> String.format(Locale.ROOT, " (%.0f%%)", 100 * r)).orElse("")).orElse("?");
            out.printf("%-7d %-11s %-22s %-10s %-16s %-14s %-16s %-5s %-8s %s%n", b.id(), b.registered() ? "yes" : "NO", heap, afterGc,
                    text(b.producerIdCount()), rate(growthPerHour(SeriesNames.brokerProducerIds(b.id()))), state,
                    text(b.jmx().underReplicatedPartitions()), text(b.jmx().offlinePartitions()),
                    b.jmx().brokerState().optional().orElse("?"));
        }
        for (BrokerSnapshot b : snapshot.brokers()) {
            b.heap().unknownReason().ifPresent(r -> out.printf("  broker %d unknown: %s%n", b.id(), r));
            b.heap().flatMap(HeapUsage::afterGc).unknownReason().filter(r -> b.heap().isKnown())
                    .ifPresent(r -> out.printf("  broker %d after GC unknown: %s%n", b.id(), r));
        }
        printProducerInits(out);
        out.println();
        out.printf("%-32s %-10s %-18s %-12s %-14s %s%n", "TOPIC", "PARTITIONS", "PRODUCER ENTRIES", "DISTINCT IDS", "GROWTH/H", "RETENTION");
        for (TopicSnapshot t : topTopics()) {
            String retention = t.configs().optional().flatMap(c -> c.retentionMs().map(ms -> ms < 0 ? "forever" : dev.kafkaremediator.time.Durations
                    .format(Duration.ofMillis(ms)))).orElse("?");
            out.printf("%-32s %-10d %-18s %-12s %-14s %s%n", t.name(), t.partitions().size(), text(t.producers().map(TopicProducers::entries)),
                    text(t.producers().map(TopicProducers::distinctIds)), rate(growthPerHour(SeriesNames.topicProducerEntries(t.name()))), retention);
        }
        List<TopicSnapshot> open = snapshot.topics().optional().orElse(List.of()).stream()
                .filter(t -> t.producers().optional().map(p -> p.openTransactions() > 0).orElse(false)).toList();
        if (!open.isEmpty()) {
            out.println();
            out.println("open transactions (their producer ids never expire; silent longer than transaction.max.timeout.ms, 15 min by default: hanging):");
            for (TopicSnapshot t : open) {
                TopicProducers p = t.producers().optional().orElseThrow();
                out.printf("  %-32s %d open, the oldest silent for %s%n", t.name(), p.openTransactions(), p.oldestOpenTransactionSilence(snapshot.takenAt())
                        .map(dev.kafkaremediator.time.Durations::format).orElse("?"));
            }
        }
        if (!snapshot.failures().isEmpty()) {
            out.println();
            out.println("unknown sources:");
            snapshot.failures().forEach((source, reason) -> out.printf("  %s: %s%n", source, reason));
        }
    }

    /** Producers created per second (InitProducerId requests between two observations), and the clients the brokers name. */
    private void printProducerInits(PrintWriter out) {
        List<String> perBroker = snapshot.brokers().stream().map(b -> "broker " + b.id() + " " + perSecond(b.producerInitsPerSecond())).toList();
        out.printf("producers created: %s in the cluster (%s)%n", perSecond(snapshot.producerInitsPerSecond()), String.join(", ", perBroker));
        snapshot.producerInitsPerSecond().unknownReason().ifPresent(r -> out.printf("  unknown: %s%n", r));
        out.println(dev.kafkaremediator.observe.ClientsSummary.of(snapshot).sentence(3));
    }

    /** Connections per client software and version over the brokers that told, and the produce rates of quota'd clients. */
    private ObjectNode clientsJson() {
        dev.kafkaremediator.observe.ClientsSummary clients = dev.kafkaremediator.observe.ClientsSummary.of(snapshot);
        ObjectNode node = JSON.createObjectNode();
        node.put("brokersTold", clients.brokersTold());
        ArrayNode software = node.putArray("software");
        clients.software().forEach(sw -> software.addObject().put("name", sw.name()).put("version", sw.version())
                .put("connections", sw.connections()).put("brokersCannotTell", sw.unknown()));
        ArrayNode produce = node.putArray("produceByClient");
        clients.produce().forEach(p -> {
            ObjectNode entry = produce.addObject();
            p.user().ifPresentOrElse(u -> entry.put("user", u), () -> entry.putNull("user"));
            p.clientId().ifPresentOrElse(c -> entry.put("clientId", c), () -> entry.putNull("clientId"));
            entry.put("bytesPerSecond", p.bytesPerSecond());
        });
        node.put("summary", clients.sentence(3));
        return node;
    }

    private static void putRate(ObjectNode node, ObjectNode unknown, String field, Fact<Double> fact) {
        fact.optional().ifPresentOrElse(v -> node.put(field, Math.round(v * 100) / 100.0), () -> {
            node.putNull(field);
            unknown.put(field, fact.unknownReason().orElse(""));
        });
    }

    private static String perSecond(Fact<Double> fact) {
        return fact.optional().map(v -> String.format(Locale.ROOT, "%.1f/s", v)).orElse("?");
    }

    private static void put(ObjectNode node, ObjectNode unknown, String field, Fact<? extends Number> fact) {
        fact.optional().ifPresentOrElse(v -> node.put(field, v.longValue()), () -> {
            node.putNull(field);
            unknown.put(field, fact.unknownReason().orElse(""));
        });
    }

    private static void putRate(ObjectNode node, String field, OptionalDouble rate) {
        if (rate.isPresent()) {
            node.put(field, Math.round(rate.getAsDouble() * 10) / 10.0);
        } else {
            node.putNull(field);
        }
    }

    private static String text(Fact<? extends Number> fact) {
        return fact.optional().map(String::valueOf).orElse("?");
    }

    private static String rate(OptionalDouble rate) {
        return rate.isPresent() ? String.format(Locale.ROOT, "%+.1f", rate.getAsDouble()) : "-";
    }

    private static String mb(long bytes) {
        return (bytes / (1024 * 1024)) + "M";
    }
}
