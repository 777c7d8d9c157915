package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JMX side of the selection, read from this test's own JVM (the platform MBean server is an MBeanServerConnection). */
class RemoteBrokerJmxGcTest {

    @Test
    void afterAFullCollectionTheHeapAfterGcIsKnownAndJustNow() throws Exception {
        System.gc(); // a full collection with G1, Parallel and Serial alike (not with -XX:+ExplicitGCInvokesConcurrent)
        OldGenCollection.JvmGc jvm = RemoteBrokerJmx.jvmGc(ManagementFactory.getPlatformMBeanServer());

        assertThat(jvm.heapPools()).isNotEmpty();
        assertThat(jvm.collectors()).anySatisfy(c -> assertThat(c.last()).isPresent());
        HeapAfterGc after = OldGenCollection.select(jvm, Optional.empty(), HeapAfterGc.DEFAULT_MAX_AGE).afterGc().optional().orElseThrow();
        assertThat(after.bytes()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
        assertThat(after.collectedAt()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(5));
    }
}
