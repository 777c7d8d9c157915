package dev.kafkaremediator.act;

import java.time.Duration;

/** The diagnostic operations of a broker's JVM, over JMX. Implemented once ({@link JmxBrokerDiagnostics}). */
public interface BrokerDiagnostics {

    /**
     * HotSpotDiagnostic {@code dumpHeap(path, live)}: the broker JVM writes the file on its own host.
     * {@code live} forces a full GC first and dumps only reachable objects.
     */
    void dumpHeap(String endpoint, String path, boolean live, Duration timeout) throws ActionFailure;

    /** DiagnosticCommand {@code gcClassHistogram}: the text of GC.class_histogram (forces a full GC). */
    String classHistogram(String endpoint, Duration timeout) throws ActionFailure;
}
