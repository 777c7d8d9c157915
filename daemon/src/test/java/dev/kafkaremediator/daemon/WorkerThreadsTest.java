package dev.kafkaremediator.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Quartz's pool grows with the fleet, bounded: never a thread per cluster, never a fixed 16 for a thousand clusters. */
class WorkerThreadsTest {
    @Test
    void twoPerClusterUpToSixteenThenOnePerEightClustersUpToTheCap() {
        assertEquals(3, RemediatorDaemon.workerThreads(1));
        assertEquals(5, RemediatorDaemon.workerThreads(2));
        assertEquals(16, RemediatorDaemon.workerThreads(8));
        assertEquals(17, RemediatorDaemon.workerThreads(16));
        assertEquals(21, RemediatorDaemon.workerThreads(50));
        assertEquals(127, RemediatorDaemon.workerThreads(900));
        assertEquals(RemediatorDaemon.MAX_WORKER_THREADS, RemediatorDaemon.workerThreads(1000));
        assertEquals(RemediatorDaemon.MAX_WORKER_THREADS, RemediatorDaemon.workerThreads(100_000));
    }
}
