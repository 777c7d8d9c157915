package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.JmxSettings;
import java.time.Duration;
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
                longGauge(c, OFFLINE_PARTITIONS), brokerState(c), longGauge(c, ACTIVE_CONTROLLER).map(v -> v > 0));
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
