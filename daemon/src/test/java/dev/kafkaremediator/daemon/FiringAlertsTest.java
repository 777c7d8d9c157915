package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.Notification;
import dev.kafkaremediator.evaluate.OpenFinding;
import dev.kafkaremediator.testsupport.InMemoryNotifications;
import dev.kafkaremediator.time.FakeClock;
import dev.kafkaremediator.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Re-send scheduling on a fake clock: each Alertmanager notifier at its own interval, edges to the millisecond, resolve, restore, reload. */
class FiringAlertsTest {
    private static final Instant OPENED = Instant.parse("2026-11-25T12:00:00Z");

    private final FakeClock clock = new FakeClock(OPENED.plusSeconds(30));
    private final InMemoryNotifications notifications = new InMemoryNotifications()
            .withAlertReceiver("am", Duration.ofMinutes(1)).withAlertReceiver("am-fast", Duration.ofSeconds(10));
    private final FiringAlerts alerts = new FiringAlerts(notifications, Ticker.of(clock));

    private static OpenFinding finding(String policy, String topic) {
        return new OpenFinding(policy + "/c/topic/" + topic, policy, "topic " + topic, "critical", OPENED, OPENED.plusSeconds(30), 2, "42 entries",
                List.of(), "");
    }

    /** What the plan's notify step says at the latest evaluation: dated then, not when the finding opened. */
    private Notification latest(OpenFinding f) {
        return new Notification("c", f.policy(), f.entity(), f.severity(), clock.instant(), "leak on " + f.entity(), List.of("42 entries"), List.of(),
                true, Map.of("finding", f.key()), Notification.Kind.FINDING);
    }

    @Test
    void eachAlertReceiverHearsAgainAtItsOwnIntervalWithTheTimeTheFindingOpened() {
        OpenFinding f = finding("leak", "clicks");
        alerts.fire(f, latest(f));

        assertEquals(2, alerts.tick(), "the first tick re-sends at once: after a restart Alertmanager must hear without waiting an interval");
        assertThat(notifications.resent).containsExactly("am: leak on topic clicks @ " + OPENED, "am-fast: leak on topic clicks @ " + OPENED);

        clock.advance(Duration.ofSeconds(10).minusMillis(1));
        assertEquals(0, alerts.tick(), "a millisecond before the fast interval");
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, alerts.tick());
        assertThat(notifications.resent).last().isEqualTo("am-fast: leak on topic clicks @ " + OPENED);

        clock.advance(Duration.ofSeconds(50).minusMillis(1));
        alerts.tick();
        assertThat(notifications.resent).filteredOn(r -> r.startsWith("am:")).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        alerts.tick();
        assertThat(notifications.resent).filteredOn(r -> r.startsWith("am:")).hasSize(2);
        assertThat(notifications.sent).as("a re-send is no new notification: webhooks and Slack hear nothing").isEmpty();
    }

    @Test
    void aResolvedFindingIsSentOnceMoreEndedAndNeverReSent() {
        OpenFinding f = finding("leak", "clicks");
        alerts.fire(f, latest(f));
        alerts.tick();
        Instant resolved = clock.instant().plusSeconds(5);

        alerts.resolve(f, resolved, (event, details) -> { });
        alerts.resolve(f, resolved, (event, details) -> { });

        assertThat(notifications.resolved).containsExactly("leak on topic clicks @ " + OPENED + " ended " + resolved);
        clock.advance(Duration.ofHours(1));
        assertEquals(0, alerts.tick());
        assertEquals(0, alerts.size());
    }

    @Test
    void aFindingWhoseAlertNeverFiredResolvesSilently() {
        alerts.resolve(finding("quiet", "orders"), clock.instant(), (event, details) -> { });
        assertThat(notifications.resolved).isEmpty();
    }

    @Test
    void aRestartedDaemonKeepsAStoredFindingFiringUntilItsPolicyIsEvaluatedAgain() {
        OpenFinding f = finding("leak", "clicks");
        alerts.restore("c", f);
        alerts.tick();
        assertThat(notifications.resent).contains("am: leak on topic clicks @ " + OPENED);

        alerts.fire(f, latest(f));
        alerts.restore("c", f);
        assertEquals(1, alerts.size(), "the evaluation's message replaces the stored one, never the other way");
    }

    @Test
    void aReloadThatRemovesThePolicyStopsItsReSends() {
        OpenFinding kept = finding("leak", "clicks");
        OpenFinding gone = finding("old", "orders");
        alerts.fire(kept, latest(kept));
        alerts.fire(gone, latest(gone));

        alerts.retainPolicies(Set.of("leak"));
        alerts.tick();

        assertThat(notifications.resent).noneMatch(r -> r.contains("old on"));
        assertThat(notifications.resent).hasSize(2);
    }

    @Test
    void withoutAnAlertmanagerNothingIsHeld() {
        InMemoryNotifications webhookOnly = new InMemoryNotifications();
        FiringAlerts none = new FiringAlerts(webhookOnly, Ticker.of(clock));
        OpenFinding f = finding("leak", "clicks");
        none.fire(f, latest(f));
        assertEquals(0, none.tick());
        assertEquals(0, none.size());
    }

    @Test
    void aClusterHeldByAnotherInstanceIsNotReSentFromHere() {
        OpenFinding f = finding("leak", "clicks");
        alerts.fire(f, latest(f));

        alerts.forgetCluster("other-cluster");
        assertEquals(1, alerts.size());
        alerts.forgetCluster("c");
        assertEquals(0, alerts.size());
        assertEquals(0, alerts.tick(), "the holder re-sends and ends it; a re-send from here could re-open what it ended");
    }

    @Test
    void dueOnlyWhenAnAlertFiresAndAnIntervalPassedAndOnlyClustersRunHereLastKeepTheirs() {
        assertThat(alerts.due()).as("nothing fires").isFalse();
        OpenFinding f = finding("leak", "clicks");
        alerts.fire(f, latest(f));
        assertThat(alerts.due()).isTrue();
        assertEquals(2, alerts.tick());
        assertThat(alerts.due()).as("both receivers just heard").isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(alerts.due()).as("the 10 s receiver's turn").isTrue();

        alerts.retainClusters(Set.of("c", "other"));
        assertEquals(1, alerts.size());
        // Another instance ran cluster c since: it re-sends and ends c's alerts now.
        alerts.retainClusters(Set.of("other"));
        assertEquals(0, alerts.size());
        assertThat(alerts.due()).isFalse();
        assertEquals(0, alerts.tick());
    }
}
