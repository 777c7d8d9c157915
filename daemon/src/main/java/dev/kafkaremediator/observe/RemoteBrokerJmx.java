package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.JmxSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * {@link BrokerJmx} over remote JMX (RMI), one bounded {@link JmxConnection} session per read.
 */
public final class RemoteBrokerJmx implements BrokerJmx {
    static final String PRODUCER_ID_COUNT = "kafka.server:type=ReplicaManager,name=ProducerIdCount";
    static final String UNDER_REPLICATED = "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions";
    static final String OFFLINE_PARTITIONS = "kafka.controller:type=KafkaController,name=OfflinePartitionsCount";
    static final String ACTIVE_CONTROLLER = "kafka.controller:type=KafkaController,name=ActiveControllerCount";
    static final String BROKER_STATE = "kafka.server:type=KafkaServer,name=BrokerState";
    /** AppInfoParser's MBean: Version, CommitId, StartTimeMs. */
    static final String APP_INFO = "kafka.server:type=app-info,*";
    /** One meter per request version, created when the broker first sees that version (Kafka's RequestMetrics.requestRate). */
    static final String INIT_PRODUCER_ID_REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=InitProducerId,version=*";
    static final String RUNTIME = "java.lang:type=Runtime";
    static final String SOCKET_SERVER_METRICS = "kafka.server:type=socket-server-metrics,*";
    static final String PRODUCE_QUOTA_METRICS = "kafka.server:type=Produce,*";

    private final JmxSettings settings;
    private final ExecutorService executor;
    private final Duration maxAfterGcAge;
    // What earlier readings established, per endpoint, for as long as this reader lives (the daemon's
    // whole run; one command in the CLI): when the old generation was last collected, and what a
    // class histogram measured an entry to cost.
    private final Map<String, OldGenCollection.Mark> marks = new ConcurrentHashMap<>();
    private final Map<String, ProducerStateSize> measuredSizes = new ConcurrentHashMap<>();

    public RemoteBrokerJmx(JmxSettings settings, ExecutorService executor) {
        this(settings, executor, HeapAfterGc.DEFAULT_MAX_AGE);
    }

    /** {@code maxAfterGcAge}: a heap-after-GC reading older than this is unknown (see {@link HeapAfterGc#DEFAULT_MAX_AGE}). */
    public RemoteBrokerJmx(JmxSettings settings, ExecutorService executor, Duration maxAfterGcAge) {
        this.settings = settings;
        this.executor = executor;
        this.maxAfterGcAge = maxAfterGcAge;
    }

    @Override
    public BrokerJmxReading read(String endpoint, Duration timeout) throws SourceFailure {
        return JmxConnection.run(settings, endpoint, timeout, executor, c -> readAll(endpoint, c));
    }

    /** One attribute over the same bounded session: no heap, GC pools, version nor the clients' MBean queries. */
    @Override
    public BrokerJmxReading readState(String endpoint, Duration timeout) throws SourceFailure {
        return JmxConnection.run(settings, endpoint, timeout, executor, c -> BrokerJmxReading.stateOnly(brokerState(c), producerInitRequests(c)));
    }

    @Override
    public void rememberProducerStateSize(String endpoint, ProducerStateSize measured) {
        measuredSizes.put(endpoint, measured);
    }

    /**
     * The InitProducerId request counters summed over versions, with the JVM's start time. No meter at all
     * is a count of 0: Kafka creates a version's meter on the first such request, so a broker that has
     * answered none since it started has none registered.
     */
    static Fact<ProducerInitRequests> producerInitRequests(MBeanServerConnection c) {
        try {
            long started = ((Number) c.getAttribute(new ObjectName(RUNTIME), "StartTime")).longValue();
            long count = 0;
            for (ObjectName meter : c.queryNames(new ObjectName(INIT_PRODUCER_ID_REQUESTS), null)) {
                count += ((Number) c.getAttribute(meter, "Count")).longValue();
            }
            return Fact.known(new ProducerInitRequests(count, started));
        } catch (Exception e) {
            return Fact.unknown("InitProducerId requests: " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    /** Connections per client software and version, connections created, and produce rates of quota'd clients; see {@link BrokerClients}. */
    static Fact<BrokerClients> clients(MBeanServerConnection c) {
        try {
            java.util.Map<java.util.List<String>, Long> bySoftware = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
            long created = 0;
            boolean anyCreated = false;
            for (ObjectName name : c.queryNames(new ObjectName(SOCKET_SERVER_METRICS), null)) {
                String software = name.getKeyProperty("clientSoftwareName");
                if (software != null) {
                    java.util.List<String> key = java.util.List.of(unquote(software), unquote(String.valueOf(name.getKeyProperty("clientSoftwareVersion"))));
                    bySoftware.merge(key, ((Number) c.getAttribute(name, "connections")).longValue(), Long::sum);
                } else if (name.getKeyProperty("listener") != null && name.getKeyProperty("networkProcessor") != null
                        && name.getKeyProperty("cipher") == null) {
                    created += ((Number) c.getAttribute(name, "connection-creation-total")).longValue();
                    anyCreated = true;
                }
            }
            java.util.List<BrokerClients.SoftwareConnections> software = new java.util.ArrayList<>();
            bySoftware.forEach((key, n) -> software.add(new BrokerClients.SoftwareConnections(key.get(0), key.get(1), n)));
            java.util.List<BrokerClients.ProduceRate> produce = new java.util.ArrayList<>();
            for (ObjectName name : c.queryNames(new ObjectName(PRODUCE_QUOTA_METRICS), null)) {
                Optional<String> user = Optional.ofNullable(name.getKeyProperty("user")).map(RemoteBrokerJmx::unquote).filter(u -> !u.isEmpty());
                Optional<String> clientId = Optional.ofNullable(name.getKeyProperty("client-id")).map(RemoteBrokerJmx::unquote).filter(u -> !u.isEmpty());
                if (user.isPresent() || clientId.isPresent()) {
                    double rate = ((Number) c.getAttribute(name, "byte-rate")).doubleValue();
                    if (Double.isFinite(rate)) {
                        produce.add(new BrokerClients.ProduceRate(user, clientId, rate));
                    }
                }
            }
            return Fact.known(new BrokerClients(software, anyCreated ? OptionalLong.of(created) : OptionalLong.empty(), produce));
        } catch (Exception e) {
            return Fact.unknown("clients: " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    /** Kafka's JMX reporter quotes tag values holding characters ObjectName reserves. */
    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private BrokerJmxReading readAll(String endpoint, MBeanServerConnection c) {
        Fact<String> version = version(c);
        ProducerStateSize size = Optional.ofNullable(measuredSizes.get(endpoint)).orElseGet(() -> ProducerStateSize.defaultFor(version.optional()));
        return new BrokerJmxReading(heap(endpoint, c), gc(c), longGauge(c, PRODUCER_ID_COUNT), longGauge(c, UNDER_REPLICATED),
                longGauge(c, OFFLINE_PARTITIONS), brokerState(c), longGauge(c, ACTIVE_CONTROLLER).map(v -> v > 0), version, size,
                producerInitRequests(c), clients(c));
    }

    private Fact<HeapUsage> heap(String endpoint, MBeanServerConnection c) {
        try {
            CompositeData usage = (CompositeData) c.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
            return Fact.known(new HeapUsage((Long) usage.get("used"), (Long) usage.get("committed"), (Long) usage.get("max"), afterGc(endpoint, c)));
        } catch (Exception e) {
            return Fact.unknown("heap: " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    private Fact<HeapAfterGc> afterGc(String endpoint, MBeanServerConnection c) {
        OldGenCollection.JvmGc jvm;
        try {
            jvm = jvmGc(c);
        } catch (Exception e) {
            return Fact.unknown("heap after GC: " + KafkaClusterAdmin.rootMessage(e));
        }
        OldGenCollection.Selection selection = OldGenCollection.select(jvm, Optional.ofNullable(marks.get(endpoint)), maxAfterGcAge);
        selection.mark().ifPresentOrElse(m -> marks.put(endpoint, m), () -> marks.remove(endpoint));
        return selection.afterGc();
    }

    /** The JVM's start, uptime, heap pools with their CollectionUsage, and each collector's pools and LastGcInfo. */
    static OldGenCollection.JvmGc jvmGc(MBeanServerConnection c) throws Exception {
        ObjectName runtime = new ObjectName("java.lang:type=Runtime");
        Instant started = Instant.ofEpochMilli(((Number) c.getAttribute(runtime, "StartTime")).longValue());
        long uptime = ((Number) c.getAttribute(runtime, "Uptime")).longValue();
        List<OldGenCollection.Pool> pools = new ArrayList<>();
        for (ObjectName pool : c.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
            if ("HEAP".equals(String.valueOf(c.getAttribute(pool, "Type")))) {
                Object collection = c.getAttribute(pool, "CollectionUsage");
                pools.add(new OldGenCollection.Pool(String.valueOf(c.getAttribute(pool, "Name")),
                        collection instanceof CompositeData data ? Optional.of(usage(data)) : Optional.empty()));
            }
        }
        List<OldGenCollection.Collector> collectors = new ArrayList<>();
        for (ObjectName gc : c.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
            String name = String.valueOf(c.getAttribute(gc, "Name"));
            List<String> managed = Arrays.asList((String[]) c.getAttribute(gc, "MemoryPoolNames"));
            Object info = c.getAttribute(gc, "LastGcInfo");
            Optional<OldGenCollection.LastGc> last = info instanceof CompositeData data
                    ? Optional.of(new OldGenCollection.LastGc(((Number) data.get("endTime")).longValue(),
                            usages((TabularData) data.get("memoryUsageBeforeGc")), usages((TabularData) data.get("memoryUsageAfterGc"))))
                    : Optional.empty();
            collectors.add(new OldGenCollection.Collector(name, managed, last));
        }
        return new OldGenCollection.JvmGc(started, uptime, pools, collectors);
    }

    /** GcInfo's memoryUsage{Before,After}Gc: rows of (key = pool name, value = MemoryUsage). */
    private static Map<String, OldGenCollection.Usage> usages(TabularData table) {
        Map<String, OldGenCollection.Usage> out = new HashMap<>();
        if (table != null) {
            for (Object row : table.values()) {
                CompositeData r = (CompositeData) row;
                out.put(String.valueOf(r.get("key")), usage((CompositeData) r.get("value")));
            }
        }
        return out;
    }

    private static OldGenCollection.Usage usage(CompositeData memoryUsage) {
        return new OldGenCollection.Usage(((Number) memoryUsage.get("used")).longValue(), ((Number) memoryUsage.get("committed")).longValue());
    }

    /** The broker's Kafka version (AppInfoParser registers it per broker id; a combined node has one). */
    private static Fact<String> version(MBeanServerConnection c) {
        try {
            for (ObjectName info : c.queryNames(new ObjectName(APP_INFO), null)) {
                Object v = c.getAttribute(info, "Version");
                if (v != null) {
                    return Fact.known(String.valueOf(v));
                }
            }
            return Fact.unknown("kafka.server:type=app-info is not registered on this broker");
        } catch (Exception e) {
            return Fact.unknown("version: " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    private static Fact<GcTotals> gc(MBeanServerConnection c) {
        try {
            long count = 0;
            long millis = 0;
            for (ObjectName gc : c.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
                count += Math.max(0, ((Number) c.getAttribute(gc, "CollectionCount")).longValue());
                millis += Math.max(0, ((Number) c.getAttribute(gc, "CollectionTime")).longValue());
            }
            return Fact.known(new GcTotals(count, Duration.ofMillis(millis)));
        } catch (Exception e) {
            return Fact.unknown("gc: " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    private static Fact<Long> longGauge(MBeanServerConnection c, String name) {
        try {
            return Fact.known(((Number) c.getAttribute(new ObjectName(name), "Value")).longValue());
        } catch (InstanceNotFoundException e) {
            return Fact.unknown(name + " is not registered on this broker");
        } catch (Exception e) {
            return Fact.unknown(name + ": " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    /** Kafka's BrokerState values (org.apache.kafka.metadata.BrokerState). */
    private static Fact<String> brokerState(MBeanServerConnection c) {
        return longGauge(c, BROKER_STATE).map(v -> switch (v.intValue()) {
            case 0 -> "NOT_RUNNING";
            case 1 -> "STARTING";
            case 2 -> "RECOVERY";
            case 3 -> "RUNNING";
            case 6 -> "PENDING_CONTROLLED_SHUTDOWN";
            case 7 -> "SHUTTING_DOWN";
            default -> "UNKNOWN(" + v + ")";
        });
    }


}
