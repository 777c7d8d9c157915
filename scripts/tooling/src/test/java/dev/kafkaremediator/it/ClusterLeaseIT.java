package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.state.postgres.PostgresDatabase;
import dev.kafkaremediator.state.postgres.PostgresLeases;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The per-cluster lease on a real PostgreSQL, two instances on one schema: the holder extends it
 * with the same token; the other gets it only after its expiry plus the margin, with a new token;
 * the old holder, back from a pause, cannot confirm it before a change; a clean stop hands it over at once;
 * a lease released at the end of a run is taken at once by whichever instance runs the cluster next.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the shared cluster's tests (junit-platform.properties)
@ResourceLock("ClusterLeaseIT")
@Order(1)
@ExtendWith(PostgresExtension.class)
class ClusterLeaseIT {
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    @Test
    void takenOverOnlyAfterExpiryAndMarginWithANewTokenAndTheOldHolderStops(RunningPostgres postgres) throws Exception {
        StoreSettings.Postgres settings = postgres.newSchema("lease-a");
        try (PostgresDatabase a = postgres.open(settings); PostgresDatabase b = postgres.open(settings.withHa(settings.ha()));
             PostgresLeases leasesA = new PostgresLeases(a.pool(), "lease-a", TTL, MARGIN);
             PostgresLeases leasesB = new PostgresLeases(b.pool(), "lease-b", TTL, MARGIN)) {
            ClusterLeases.Held first = (ClusterLeases.Held) leasesA.acquire("c1");
            assertThat(first.takenOver()).as("a first start repairs what anyone left").isTrue();
            assertThat(first.lease().token()).hasValue(1);
            assertThat(leasesB.acquire("c1")).isInstanceOfSatisfying(ClusterLeases.Busy.class, busy -> assertThat(busy.holder()).isEqualTo("lease-a"));
            ClusterLeases.Held again = (ClusterLeases.Held) leasesA.acquire("c1");
            assertThat(again.takenOver()).isFalse();
            assertThat(again.lease().token()).hasValue(1);
            first.lease().confirm();

            // Not B's while held, nor once expired (1 s) within the margin (2 s more): refused at every try through the length
            // and into the margin (the database's clock decides, so no fake clock can stand in for it).
            long expired = System.nanoTime();
            await().during(TTL.plusMillis(200)).atMost(TTL.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> leasesB.acquire("c1") instanceof ClusterLeases.Busy);
            ClusterLeases.Held taken = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> leasesB.acquire("c1"), ClusterLeases.Held.class::isInstance) instanceof ClusterLeases.Held h ? h : null;
            assertThat(Duration.ofNanos(System.nanoTime() - expired)).isGreaterThanOrEqualTo(MARGIN);
            assertThat(taken.takenOver()).isTrue();
            assertThat(taken.lease().token()).hasValue(2);

            // A, back from its "pause": the lease it holds is no longer the row's, so no change is made.
            ActionFailure lost = assertThrows(ActionFailure.class, () -> first.lease().confirm());
            assertThat(lost.getMessage()).contains("taken over by another instance", "token 1");
            assertThat(leasesA.acquire("c1")).isInstanceOf(ClusterLeases.Busy.class);

            // B renews while its job runs: the lease outlives its length.
            try (AutoCloseable running = leasesB.renewWhileRunning("c1")) {
                await().during(TTL.plus(MARGIN).plusMillis(500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> leasesA.acquire("c1") instanceof ClusterLeases.Busy);
                taken.lease().confirm();
            }
            // A clean stop of B gives it up: A takes it at once, token 3.
            leasesB.close();
            ClusterLeases.Held back = (ClusterLeases.Held) leasesA.acquire("c1");
            assertThat(back.lease().token()).hasValue(3);
        }
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceByTheNextRunWhereverItLandsAndTheLastHolderIsKnown(RunningPostgres postgres) throws Exception {
        StoreSettings.Postgres settings = postgres.newSchema("release-a");
        Duration ttl = Duration.ofMinutes(5);
        try (PostgresDatabase a = postgres.open(settings); PostgresDatabase b = postgres.open(settings.withHa(settings.ha()));
             PostgresLeases leasesA = new PostgresLeases(a.pool(), "release-a", ttl, MARGIN);
             PostgresLeases leasesB = new PostgresLeases(b.pool(), "release-b", ttl, MARGIN)) {
            ClusterLeases.Held first = (ClusterLeases.Held) leasesA.acquire("c1");
            assertThat(leasesA.lastHeldHere()).hasValue(java.util.Set.of("c1"));
            assertThat(leasesB.lastHeldHere()).hasValue(java.util.Set.of());
            assertThat(leasesB.lastReached()).isEmpty();
            java.time.Instant reached = java.time.Instant.parse("2026-11-25T12:00:00Z");
            leasesA.release("c1", java.util.Optional.of(reached));
            assertThat(leasesA.lastHeldHere()).as("released, still the last to run it").hasValue(java.util.Set.of("c1"));
            assertThat(leasesB.lastReached()).as("what the instances standing by judge the cluster's health by").containsExactly(
                    java.util.Map.entry("c1", reached));
            ActionFailure released = assertThrows(ActionFailure.class, () -> first.lease().confirm());
            assertThat(released.getMessage()).as("nothing is changed under a released lease").contains("token 1");

            // The same instance again: no takeover, the same token.
            ClusterLeases.Held again = (ClusterLeases.Held) leasesA.acquire("c1");
            assertThat(again.takenOver()).isFalse();
            assertThat(again.lease().token()).hasValue(1);
            leasesA.release("c1");

            // Another instance, at once (a 5-minute lease, released): a takeover with a new token.
            ClusterLeases.Held b1 = (ClusterLeases.Held) leasesB.acquire("c1");
            assertThat(b1.takenOver()).isTrue();
            assertThat(b1.lease().token()).hasValue(2);
            assertThat(leasesA.lastHeldHere()).hasValue(java.util.Set.of());
            assertThat(leasesB.lastHeldHere()).hasValue(java.util.Set.of("c1"));
            assertThat(leasesA.acquire("c1")).as("held while B's run lasts").isInstanceOf(ClusterLeases.Busy.class);
            leasesB.release("c1", java.util.Optional.of(reached.minusSeconds(60)));
            leasesB.release("c1");
            assertThat(leasesA.lastReached()).as("an older reading does not move it back").containsExactly(java.util.Map.entry("c1", reached));
            ClusterLeases.Held a2 = (ClusterLeases.Held) leasesA.acquire("c1");
            assertThat(a2.takenOver()).as("B ran it in between: what A cached is stale").isTrue();
            assertThat(a2.lease().token()).hasValue(3);
        }
    }
}
