package dev.kafkaremediator.daemon;

import java.util.Optional;

/**
 * Whether the JVM's heap looks small for the number of clusters watched. The launcher's default heap
 * (48 MB) is sized for one cluster at the incident's scale (500,000 producer-state entries per
 * broker: ~11 MB live, plus the census's requests in flight, ~20 MB, which the census budget bounds by
 * the heap, whatever the number of clusters); each further cluster kept
 * ~1 MB while its Admin client was kept between observations (scripts/bench-fleet.sh: 20 small clusters
 * ran in 48 MB). At an interval that closes the clients between observations (see
 * {@link ClusterWatches#idleClients}) 1,000 watched clusters held 24 MB live in all (bench-fleet, 2026-12-08):
 * with PostgreSQL, where a run also drops its snapshot, 64 KB each is ample; with the files a cluster's last
 * snapshot (every topic and partition) stays for its policies, and 256 KB each leaves room for it. A heap too
 * small ends in an OutOfMemoryError and a restart by systemd, so it is said at the start and at each reload,
 * with the setting that fixes it.
 */
record HeapAdvice(long maxHeapBytes, int clusters, long perCluster) {
    /** The daemon's live set at the incident's scale and one census batch in flight. */
    static final long BASE = 32L << 20;
    /** What one more watched cluster keeps with its clients kept between observations (its Admin client, metrics, findings, caches). */
    static final long PER_CLUSTER = 1L << 20;
    /** The same with its clients closed between observations, its last snapshot kept (files). */
    static final long PER_CLUSTER_CLIENTS_CLOSED = 256L << 10;
    /** The same with its snapshot dropped after each run too (several instances on PostgreSQL). */
    static final long PER_CLUSTER_SHARED = 64L << 10;

    HeapAdvice(long maxHeapBytes, int clusters) {
        this(maxHeapBytes, clusters, PER_CLUSTER);
    }

    /** @param shared several instances on PostgreSQL: a run drops its snapshot when done */
    static HeapAdvice forThisJvm(int clusters, java.time.Duration observeInterval, boolean shared) {
        return new HeapAdvice(Runtime.getRuntime().maxMemory(), clusters, perCluster(observeInterval, shared));
    }

    static long perCluster(java.time.Duration observeInterval, boolean shared) {
        if (observeInterval.compareTo(ClusterWatches.KEEP_CLIENTS_BELOW) < 0) {
            return PER_CLUSTER;
        }
        return shared ? PER_CLUSTER_SHARED : PER_CLUSTER_CLIENTS_CLOSED;
    }

    long needed() {
        return BASE + perCluster * clusters;
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
