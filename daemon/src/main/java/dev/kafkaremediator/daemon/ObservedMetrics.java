package dev.kafkaremediator.daemon;

import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.HeapUsage;
import dev.kafkaremediator.observe.TopicProducers;
import dev.kafkaremediator.observe.TopicSnapshot;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The observed series and the remediator's own, for Prometheus. An unknown fact removes its
 * series (absent, never 0), so an alert on "producer ids above X" cannot be fooled by a dead broker.
 */
public final class ObservedMetrics implements dev.kafkaremediator.act.ActionOutcomes {
    private static final String ROLL = "roll";
    private static final String EXPIRE = "expire-producers";
    /**
     * Scraped under this object's lock, which {@link #record} and the other updates hold: a scrape sees
     * a snapshot whole or not at all. Unlocked, a scrape during a record showed a broker's producer ids,
     * heap max and jmx_up = 1 without its heap used (collected first, before the record reached it):
     * DaemonIT's failure of issue 23, on a broker just back from a restart.
     */
    private final PrometheusRegistry registry = new PrometheusRegistry() {
        @Override
        public io.prometheus.metrics.model.snapshots.MetricSnapshots scrape() {
            synchronized (ObservedMetrics.this) {
                return super.scrape();
            }
        }

        @Override
        public io.prometheus.metrics.model.snapshots.MetricSnapshots scrape(io.prometheus.metrics.model.registry.PrometheusScrapeRequest request) {
            synchronized (ObservedMetrics.this) {
                return super.scrape(request);
            }
        }

        @Override
        public io.prometheus.metrics.model.snapshots.MetricSnapshots scrape(java.util.function.Predicate<String> includedNames) {
            synchronized (ObservedMetrics.this) {
                return super.scrape(includedNames);
            }
        }

        @Override
        public io.prometheus.metrics.model.snapshots.MetricSnapshots scrape(java.util.function.Predicate<String> includedNames,
                                                                            io.prometheus.metrics.model.registry.PrometheusScrapeRequest request) {
            synchronized (ObservedMetrics.this) {
                return super.scrape(includedNames, request);
            }
        }
    };
    private final Gauge heapUsed = gauge("kafka_remediator_broker_heap_used_bytes", "Broker heap used (JMX java.lang:type=Memory).", "cluster", "broker");
    private final Gauge heapMax = gauge("kafka_remediator_broker_heap_max_bytes", "Broker heap max.", "cluster", "broker");
    private final Gauge heapAfterGc = gauge("kafka_remediator_broker_heap_after_gc_bytes",
            "Broker heap left after its last collection that covered the old generation (absent when none ran within 30 min).",
            "cluster", "broker");
    private final Gauge heapAfterGcTime = gauge("kafka_remediator_broker_heap_after_gc_timestamp_seconds",
            "When that collection ended (epoch seconds, the broker's clock).", "cluster", "broker");
    private final Gauge producerStateBytes = gauge("kafka_remediator_broker_producer_state_bytes",
            "Heap held by producer state: ProducerIdCount times the bytes of one entry (the broker's last class histogram, "
                    + "else 256 B as measured on Kafka 4.4).", "cluster", "broker");
    private final Gauge producerStateHeapRatio = gauge("kafka_remediator_broker_producer_state_heap_ratio",
            "Producer-state bytes over the broker's max heap.", "cluster", "broker");
    private final Gauge producerIds = gauge("kafka_remediator_broker_producer_ids",
            "Producer-state entries on the broker (JMX ReplicaManager ProducerIdCount, KIP-847).", "cluster", "broker");
    private final Gauge underReplicated = gauge("kafka_remediator_broker_under_replicated_partitions",
            "UnderReplicatedPartitions reported by the broker.", "cluster", "broker");
    private final Gauge jmxUp = gauge("kafka_remediator_broker_jmx_up", "1 when the broker's JMX answered the last snapshot, else 0.",
            "cluster", "broker");
    private final Gauge registered = gauge("kafka_remediator_broker_registered", "1 when the cluster lists the broker as registered.",
            "cluster", "broker");
    private final Gauge topicEntries = gauge("kafka_remediator_topic_producer_entries",
            "Producer-state entries of a topic over its partitions (describeProducers), top topics only.", "cluster", "topic");
    private final Gauge producerInits = gauge("kafka_remediator_broker_producer_inits_per_second",
            "Producers created per second on the broker: InitProducerId requests (JMX RequestMetrics RequestsPerSec Count) between two snapshots.",
            "cluster", "broker");
    private final Gauge clusterProducerInits = gauge("kafka_remediator_cluster_producer_inits_per_second",
            "Producers created per second in the cluster: the brokers' InitProducerId rates summed; absent when a broker's is unknown.", "cluster");
    private final Gauge censusUnknown = gauge("kafka_remediator_census_unknown_partitions",
            "Partitions the last census could not count, by why: too-large-for-heap (its answer would not fit the remediator's heap: give it"
                    + " more), timeout, offline (no leader) or error. 0 when the census was whole.", "cluster", "reason");
    private final Gauge topics = gauge("kafka_remediator_cluster_topics", "Topics, internal ones apart.", "cluster");
    private final Gauge partitions = gauge("kafka_remediator_cluster_partitions", "Partitions of all topics.", "cluster");
    private final Gauge reachable = gauge("kafka_remediator_cluster_reachable", "1 when the cluster answered describeCluster.", "cluster");
    private final Gauge snapshotSeconds = gauge("kafka_remediator_snapshot_duration_seconds", "How long the last snapshot took.", "cluster");
    private final Gauge lastSnapshot = gauge("kafka_remediator_snapshot_last_timestamp_seconds", "When the last snapshot was taken (epoch seconds).",
            "cluster");
    private final Gauge openFindings = gauge("kafka_remediator_open_findings", "Findings still open, per policy and severity.",
            "cluster", "policy", "severity");
    private final Counter snapshotCount = Counter.builder().name("kafka_remediator_snapshots_total").help("Snapshots taken.")
            .labelNames("cluster").register(registry);
    private final Counter sourceFailures = Counter.builder().name("kafka_remediator_source_failures_total")
            .help("Observation sources that failed or timed out, per source.").labelNames("cluster", "source").register(registry);

    private final Counter actions = Counter.builder().name("kafka_remediator_actions_total")
            .help("Action runs of the daemon by how they ended: effective, ineffective, unknown, refused, failed, dry-run.")
            .labelNames("cluster", "action", "outcome").register(registry);
    private final Counter findingsOpened = Counter.builder().name("kafka_remediator_findings_opened_total")
            .help("Findings opened (one ongoing problem is one finding), per policy and severity.")
            .labelNames("cluster", "policy", "severity").register(registry);
    private final Gauge expiryLowered = gauge("kafka_remediator_expiry_lowered",
            "1 while producer.id.expiration.ms is lowered by this daemon, and after a restore that failed or was not asked for; else 0.", "cluster");
    private final Gauge rollInProgress = gauge("kafka_remediator_roll_in_progress", "1 while this daemon is rolling the cluster's brokers; else 0.",
            "cluster");

    private final int maxTopics;
    private final String instance;
    private final java.time.Duration ownerFor;
    private final java.time.Clock clock;
    /** When this instance last observed each cluster: what {@code kafka_remediator_cluster_owner} is computed from at each scrape. */
    private final java.util.Map<String, java.time.Instant> observedHere = new java.util.concurrent.ConcurrentHashMap<>();

    public ObservedMetrics(int maxTopics) {
        this(maxTopics, "this-host", java.time.Duration.ofMinutes(3), java.time.Clock.systemUTC());
    }

    /**
     * @param instance the remediator's instance id (store.postgres.instance-id, else host:pid), the
     *                 {@code remediator_instance} label: not {@code instance}, which Prometheus sets to the scrape target
     * @param ownerFor how long after its last observation here a cluster still counts as owned by this instance
     *                 (a few observe intervals: another instance may have taken it since)
     */
    public ObservedMetrics(int maxTopics, String instance, java.time.Duration ownerFor, java.time.Clock clock) {
        this.maxTopics = maxTopics;
        this.instance = instance;
        this.ownerFor = ownerFor;
        this.clock = clock;
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("kafka_remediator_cluster_owner")
                .help("1 for each cluster this remediator instance observes (with several instances: holds its lease), by the instance's id;"
                        + " absent on the others. Join on cluster to see which instance watches what.")
                .labelNames("cluster", "remediator_instance")
                .callback(callback -> {
                    java.time.Instant since = this.clock.instant().minus(this.ownerFor);
                    observedHere.forEach((cluster, at) -> {
                        if (!at.isBefore(since)) {
                            callback.call(1, cluster, this.instance);
                        }
                    });
                }).register(registry);
        Gauge.builder().name("kafka_remediator_instance_info").help("1, labelled with this remediator's instance id.")
                .labelNames("remediator_instance").register(registry).labelValues(instance).set(1);
    }

    /** Another instance holds the cluster now (several remediators as one): this one no longer claims it. */
    public void released(String cluster) {
        observedHere.remove(cluster);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public synchronized void record(ClusterSnapshot snapshot) {
        String cluster = snapshot.cluster();
        observedHere.put(cluster, clock.instant());
        snapshotCount.labelValues(cluster).inc();
        // Present from the first snapshot on, at 0 until an action says otherwise: an alert can tell 0 from "not exported".
        expiryLowered.labelValues(cluster);
        rollInProgress.labelValues(cluster);
        snapshot.failures().keySet().forEach(source -> sourceFailures.labelValues(cluster, source.startsWith("jmx broker") ? "jmx" : source).inc());
        reachable.labelValues(cluster).set(snapshot.reachable() ? 1 : 0);
        snapshotSeconds.labelValues(cluster).set(snapshot.duration().toMillis() / 1000.0);
        lastSnapshot.labelValues(cluster).set(snapshot.takenAt().toEpochMilli() / 1000.0);
        recordCensus(snapshot);
        setOrRemove(topics, snapshot.topicCount(), Integer::doubleValue, cluster);
        setOrRemove(partitions, snapshot.partitionCount(), Integer::doubleValue, cluster);
        setOrRemove(clusterProducerInits, snapshot.producerInitsPerSecond(), Double::doubleValue, cluster);

        List<List<String>> brokerLabels = new ArrayList<>();
        for (BrokerSnapshot b : snapshot.brokers()) {
            String id = String.valueOf(b.id());
            brokerLabels.add(List.of(cluster, id));
            setOrRemove(heapUsed, b.heap(), h -> (double) h.used(), cluster, id);
            setOrRemove(heapMax, b.heap(), h -> (double) h.max(), cluster, id);
            setOrRemove(heapAfterGc, b.heap().flatMap(HeapUsage::afterGc), a -> (double) a.bytes(), cluster, id);
            setOrRemove(heapAfterGcTime, b.heap().flatMap(HeapUsage::afterGc), a -> a.collectedAt().toEpochMilli() / 1000.0, cluster, id);
            setOrRemove(producerStateBytes, b.jmx().producerStateBytes(), Long::doubleValue, cluster, id);
            setOrRemove(producerStateHeapRatio, b.jmx().producerStateHeapRatio(), Double::doubleValue, cluster, id);
            setOrRemove(producerIds, b.producerIdCount(), Long::doubleValue, cluster, id);
            setOrRemove(underReplicated, b.jmx().underReplicatedPartitions(), Long::doubleValue, cluster, id);
            setOrRemove(producerInits, b.producerInitsPerSecond(), Double::doubleValue, cluster, id);
            jmxUp.labelValues(cluster, id).set(b.heap().isKnown() ? 1 : 0);
            registered.labelValues(cluster, id).set(b.registered() ? 1 : 0);
        }
        Set<List<String>> keepBrokers = new HashSet<>(brokerLabels);
        for (Gauge g : List.of(heapUsed, heapMax, heapAfterGc, heapAfterGcTime, producerIds, producerStateBytes, producerStateHeapRatio,
                underReplicated, jmxUp, registered, producerInits)) {
            g.removeIf(labels -> labels.get(0).equals(cluster) && !keepBrokers.contains(labels));
        }

        Set<List<String>> keepTopics = new HashSet<>();
        snapshot.topics().optional().orElse(List.of()).stream()
                .filter(t -> t.producers().isKnown())
                .sorted(Comparator.comparingLong((TopicSnapshot t) -> t.producers().optional().map(TopicProducers::entries).orElse(0L)).reversed())
                .limit(maxTopics)
                .forEach(t -> {
                    keepTopics.add(List.of(cluster, t.name()));
                    topicEntries.labelValues(cluster, t.name()).set(t.producers().optional().orElseThrow().entries());
                });
        topicEntries.removeIf(labels -> labels.get(0).equals(cluster) && !keepTopics.contains(labels));
    }

    /** The census's unknown partitions by reason class, every class present (0 when none) once the topics are known. */
    private void recordCensus(ClusterSnapshot snapshot) {
        String cluster = snapshot.cluster();
        if (!snapshot.topics().isKnown()) {
            censusUnknown.removeIf(labels -> labels.get(0).equals(cluster));
            return;
        }
        java.util.Map<String, Long> byReason = new java.util.TreeMap<>();
        CENSUS_REASONS.forEach(r -> byReason.put(r, 0L));
        snapshot.topics().optional().orElseThrow().forEach(t -> t.partitions().forEach(p -> p.producers().unknownReason()
                .filter(reason -> !reason.startsWith("not asked: a health check"))
                .ifPresent(reason -> byReason.merge(censusReason(reason), 1L, Long::sum))));
        byReason.forEach((reason, n) -> censusUnknown.labelValues(cluster, reason).set(n));
    }

    private static final List<String> CENSUS_REASONS = List.of("too-large-for-heap", "timeout", "offline", "error");

    static String censusReason(String reason) {
        if (reason.contains("does not fit this process's census share of the heap")) {
            return "too-large-for-heap";
        }
        if (reason.contains("timed out") || reason.contains("no answer within")) {
            return "timeout";
        }
        return reason.contains("offline (no leader)") ? "offline" : "error";
    }

    /** Open findings counted per policy and severity; policies with none left drop out. */
    public synchronized void recordFindings(String cluster, java.util.Collection<dev.kafkaremediator.evaluate.OpenFinding> open) {
        java.util.Map<List<String>, Long> counts = open.stream().collect(java.util.stream.Collectors.groupingBy(
                o -> List.of(cluster, o.policy(), o.severity()), java.util.stream.Collectors.counting()));
        openFindings.removeIf(labels -> labels.get(0).equals(cluster) && !counts.containsKey(labels));
        counts.forEach((labels, n) -> openFindings.labelValues(labels.toArray(String[]::new)).set(n));
    }

    /** The cluster is no longer watched (a reload removed it): none of its series stay, not even at their last value. */
    public synchronized void removeCluster(String cluster) {
        forgetObservations(cluster);
        for (io.prometheus.metrics.core.metrics.StatefulMetric<?, ?> metric : List.of(snapshotCount, sourceFailures, actions, findingsOpened)) {
            metric.removeIf(labels -> labels.get(0).equals(cluster));
        }
    }

    /**
     * Another instance has run the cluster since this one last did (several remediators as one):
     * what this instance observed is that instance's to export now. Left at their last values, these
     * gauges would say stale things beside the runner's (a heap before the cure, a last snapshot
     * growing old enough to fire the stale-snapshot rule). This instance's counters stay: they count
     * what it did.
     */
    public synchronized void forgetObservations(String cluster) {
        observedHere.remove(cluster);
        for (io.prometheus.metrics.core.metrics.StatefulMetric<?, ?> metric : List.of(heapUsed, heapMax, heapAfterGc, heapAfterGcTime,
                producerStateBytes, producerStateHeapRatio, producerIds, underReplicated, jmxUp, registered, topicEntries, producerInits,
                clusterProducerInits, censusUnknown, topics, partitions, reachable, snapshotSeconds, lastSnapshot, openFindings, expiryLowered, rollInProgress)) {
            metric.removeIf(labels -> labels.get(0).equals(cluster));
        }
    }

    /** A finding opened (not updated, not reopened every evaluation). */
    public synchronized void findingOpened(String cluster, String policy, String severity) {
        findingsOpened.labelValues(cluster, policy, severity).inc();
    }

    @Override
    public synchronized void ended(String cluster, String action, dev.kafkaremediator.act.RunResult result) {
        actions.labelValues(cluster, action, dev.kafkaremediator.act.ActionOutcomes.outcome(result)).inc();
        if (action.equals(ROLL)) {
            rollInProgress.labelValues(cluster).set(0);
        }
    }

    /**
     * Follows the runs' events: a roll is in progress from its start to its end; the expiry is lowered from
     * {@code expiry-lowered} until the step's end lists every value put back. A run that failed after lowering
     * leaves the gauge at 1: the value may still be lowered, and the daemon's next start puts it back.
     */
    @Override
    public synchronized void event(String cluster, String action, String event, java.util.Map<String, Object> details) {
        if (action.equals(ROLL) && event.equals("start")) {
            rollInProgress.labelValues(cluster).set(1);
        }
        if (event.equals(dev.kafkaremediator.act.ExpireProducersStep.LOWERED)) {
            expiryLowered.labelValues(cluster).set(1);
        }
        if (action.equals(EXPIRE) && event.equals("end")
                && details.get(dev.kafkaremediator.act.ExpireProducersStep.CONFIG) instanceof java.util.List<?> restored
                && restored.stream().map(String::valueOf).noneMatch(r -> r.contains("NOT restored") || r.startsWith("kept at"))) {
            expiryLowered.labelValues(cluster).set(0);
        }
    }

    /** The names every metric this class registers starts with, for tests of the shipped dashboard and rules. */
    public java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        // Counters are exposed with _total (the client keeps the name without it).
        registry.scrape().forEach(s -> names.add(s.getMetadata().getPrometheusName()
                + (s instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot ? "_total" : "")));
        return names;
    }

    private static <T> void setOrRemove(Gauge gauge, Fact<T> fact, ToDoubleFunction<T> value, String... labels) {
        fact.optional().ifPresentOrElse(v -> gauge.labelValues(labels).set(value.applyAsDouble(v)), () -> gauge.remove(labels));
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }
}
