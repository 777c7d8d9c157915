package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.JmxSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * {@link BrokerJmx} over remote JMX (RMI), one bounded {@link JmxConnection} session per read.
 */
public final class RemoteBrokerJmx implements BrokerJmx {
    static final String PRODUCER_ID_COUNT = "kafka.server:type=ReplicaManager,name=ProducerIdCount";
    static final String UNDER_REPLICATED = "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions";
    static final String OFFLINE_PARTITIONS = "kafka.controller:type=KafkaController,name=OfflinePartitionsCount";
    static final String ACTIVE_CONTROLLER = "kafka.controller:type=KafkaController,name=ActiveControllerCount";
    static final String BROKER_STATE = "kafka.server:type=KafkaServer,name=BrokerState";
    /** One meter per request version, created when the broker first sees that version (Kafka's RequestMetrics.requestRate). */
    static final String INIT_PRODUCER_ID_REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=InitProducerId,version=*";
    static final String RUNTIME = "java.lang:type=Runtime";
    static final String SOCKET_SERVER_METRICS = "kafka.server:type=socket-server-metrics,*";
    static final String PRODUCE_QUOTA_METRICS = "kafka.server:type=Produce,*";

    private final JmxSettings settings;
    private final ExecutorService executor;

    public RemoteBrokerJmx(JmxSettings settings, ExecutorService executor) {
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public BrokerJmxReading read(String endpoint, Duration timeout) throws SourceFailure {
        return JmxConnection.run(settings, endpoint, timeout, executor, RemoteBrokerJmx::readAll);
    }

    private static BrokerJmxReading readAll(MBeanServerConnection c) {
        return new BrokerJmxReading(heap(c), gc(c), longGauge(c, PRODUCER_ID_COUNT), longGauge(c, UNDER_REPLICATED),
                longGauge(c, OFFLINE_PARTITIONS), brokerState(c), longGauge(c, ACTIVE_CONTROLLER).map(v -> v > 0),
                producerInitRequests(c), clients(c));
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

    private static Fact<HeapUsage> heap(MBeanServerConnection c) {
        try {
            CompositeData usage = (CompositeData) c.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
            return Fact.known(new HeapUsage((Long) usage.get("used"), (Long) usage.get("committed"), (Long) usage.get("max"), afterLastGc(c)));
        } catch (Exception e) {
            return Fact.unknown("heap: " + KafkaClusterAdmin.rootMessage(e));
        }
    }

    /** Sum of the heap pools' CollectionUsage: what the last collection of each pool left. */
    private static OptionalLong afterLastGc(MBeanServerConnection c) {
        try {
            long sum = 0;
            boolean any = false;
            Set<ObjectName> pools = c.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null);
            for (ObjectName pool : pools) {
                if (!"HEAP".equals(String.valueOf(c.getAttribute(pool, "Type")))) {
                    continue;
                }
                Object collection = c.getAttribute(pool, "CollectionUsage");
                if (collection instanceof CompositeData data) {
                    sum += (Long) data.get("used");
                    any = true;
                }
            }
            return any ? OptionalLong.of(sum) : OptionalLong.empty();
        } catch (Exception e) {
            return OptionalLong.empty();
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
