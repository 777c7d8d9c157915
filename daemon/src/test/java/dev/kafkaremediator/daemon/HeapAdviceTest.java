package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAdviceTest {
    /** What Runtime.maxMemory() reports under the launcher's -Xmx48m with SerialGC (one survivor space less). */
    private static final long LAUNCHER_DEFAULT = 46L << 20;

    @Test
    void theLaunchersDefaultHeapFitsAFewClustersAndAFleetIsToldWhatToSet() {
        assertThat(new HeapAdvice(LAUNCHER_DEFAULT, 1).warning()).isEmpty();
        assertThat(new HeapAdvice(LAUNCHER_DEFAULT, 14).warning()).isEmpty();
        assertThat(new HeapAdvice(LAUNCHER_DEFAULT, 50).warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("(46 MB) is small for 50 clusters", "about 82 MB needed", "REMEDIATOR_JAVA_OPTS=-Xmx112m"));
        assertThat(new HeapAdvice(1L << 30, 990).warning()).isEmpty();
        assertThat(new HeapAdvice(1L << 30, 1_000).warning()).hasValueSatisfying(w -> assertThat(w).contains("-Xmx1056m"));
    }

    @Test
    void clientsClosedBetweenObservationsAThousandClustersNeedAThirdOfAGigabyteAndLessWhenShared() {
        java.time.Duration minute = java.time.Duration.ofMinutes(1);
        assertThat(HeapAdvice.perCluster(minute, false)).isEqualTo(HeapAdvice.PER_CLUSTER_CLIENTS_CLOSED);
        assertThat(HeapAdvice.perCluster(minute, true)).isEqualTo(HeapAdvice.PER_CLUSTER_SHARED);
        assertThat(HeapAdvice.perCluster(java.time.Duration.ofSeconds(10), true)).isEqualTo(HeapAdvice.PER_CLUSTER);
        assertThat(new HeapAdvice(LAUNCHER_DEFAULT, 1_000, HeapAdvice.PER_CLUSTER_CLIENTS_CLOSED).warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("about 282 MB needed", "-Xmx320m"));
        assertThat(new HeapAdvice(320L << 20, 1_000, HeapAdvice.PER_CLUSTER_CLIENTS_CLOSED).warning()).isEmpty();
        assertThat(new HeapAdvice(LAUNCHER_DEFAULT, 50, HeapAdvice.PER_CLUSTER_CLIENTS_CLOSED).warning()).isEmpty();
        // Several instances at a minute: 5,000 clusters in about 344 MB.
        assertThat(new HeapAdvice(LAUNCHER_DEFAULT, 5_000, HeapAdvice.PER_CLUSTER_SHARED).warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("about 344 MB needed", "-Xmx368m"));
    }
}
