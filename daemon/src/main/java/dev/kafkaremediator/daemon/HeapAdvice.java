package dev.kafkaremediator.daemon;

import java.util.Optional;

/**
 * Whether the JVM's heap looks small for the number of clusters watched. The launcher's default heap
 * (48 MB) is sized for one cluster at the incident's scale (500,000 producer-state entries per
 * broker: ~11 MB live, plus the census's requests in flight, ~20 MB, which the census budget bounds by
 * the heap, whatever the number of clusters); each further cluster kept
 * ~1 MB (scripts/bench-fleet.sh: 20 small clusters ran in 48 MB). A heap too small ends in an
 * OutOfMemoryError and a restart by systemd, so it is said at the start and at each reload, with the
 * setting that fixes it.
 */
record HeapAdvice(long maxHeapBytes, int clusters) {
    /** The daemon's live set at the incident's scale and one census batch in flight. */
    static final long BASE = 32L << 20;
    /** What one more watched cluster keeps (its clients, metrics, findings, caches). */
    static final long PER_CLUSTER = 1L << 20;

    static HeapAdvice forThisJvm(int clusters) {
        return new HeapAdvice(Runtime.getRuntime().maxMemory(), clusters);
    }

    long needed() {
        return BASE + PER_CLUSTER * clusters;
    }

    Optional<String> warning() {
        if (maxHeapBytes >= needed()) {
            return Optional.empty();
        }
        long suggestMb = ((needed() >> 20) + 24 + 15) / 16 * 16;
        return Optional.of("the heap's maximum (" + (maxHeapBytes >> 20) + " MB) is small for " + clusters + " clusters (about "
                + (needed() >> 20) + " MB needed): an OutOfMemoryError would stop the daemon; give it more, e.g. REMEDIATOR_JAVA_OPTS=-Xmx"
                + suggestMb + "m in the environment (systemd: /etc/kafka-remediator/remediator.env)");
    }
}
