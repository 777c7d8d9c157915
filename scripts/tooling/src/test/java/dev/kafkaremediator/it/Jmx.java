package dev.kafkaremediator.it;

import java.io.IOException;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** Reads one attribute from a broker's remote JMX, for test assertions. */
public final class Jmx {
    public static final String PRODUCER_ID_COUNT = "kafka.server:type=ReplicaManager,name=ProducerIdCount";

    private Jmx() {
    }

    public static Object attribute(String hostPort, String objectName, String attribute) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of())) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            return connection.getAttribute(new ObjectName(objectName), attribute);
        }
    }

    public static long producerIdCount(String hostPort) throws Exception {
        return ((Number) attribute(hostPort, PRODUCER_ID_COUNT, "Value")).longValue();
    }

    /** Every broker's ProducerIdCount, by broker id. */
    public static java.util.Map<Integer, Long> producerIdCounts(RunningCluster cluster) throws Exception {
        java.util.Map<Integer, Long> counts = new java.util.TreeMap<>();
        for (int id : cluster.brokerIds()) {
            counts.put(id, producerIdCount(cluster.jmxAddress(id)));
        }
        return counts;
    }

    public static long heapUsed(String hostPort) throws Exception {
        return (Long) ((CompositeData) attribute(hostPort, "java.lang:type=Memory", "HeapMemoryUsage")).get("used");
    }

    public static long heapMax(String hostPort) throws IOException, Exception {
        return (Long) ((CompositeData) attribute(hostPort, "java.lang:type=Memory", "HeapMemoryUsage")).get("max");
    }

    /** A full collection on the broker (MemoryMXBean.gc()): its heap after GC is then known, from a collection of the old generation. */
    public static void fullGc(String hostPort) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of())) {
            connector.getMBeanServerConnection().invoke(new ObjectName("java.lang:type=Memory"), "gc", null, null);
        }
    }

    /** InitProducerId requests the cluster's brokers answered since they started (producers created), summed over versions and brokers. */
    public static long producerInits(RunningCluster cluster) throws Exception {
        long total = 0;
        for (int id : cluster.brokerIds()) {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + cluster.jmxAddress(id) + "/jmxrmi");
            try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of())) {
                MBeanServerConnection c = connector.getMBeanServerConnection();
                for (ObjectName meter : c.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=InitProducerId,version=*"),
                        null)) {
                    total += ((Number) c.getAttribute(meter, "Count")).longValue();
                }
            }
        }
        return total;
    }
}
