package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaremediator.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class ReconnectingAdminTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));

    @Test
    void aBootstrapHostThatDoesNotResolveIsAFailureOfTheCallNotOfTheConstruction() {
        Properties props = new Properties();
        props.put("bootstrap.servers", "no-such-host.invalid:9092");
        ReconnectingAdmin admin = new ReconnectingAdmin("gone", () -> Admin.create(props), clock);

        assertThatThrownBy(admin::get).isInstanceOf(KafkaException.class)
                .hasMessageContaining("cluster gone unreachable: cannot create the Admin client")
                .hasMessageContaining("bootstrap");
        admin.close();
    }

    @Test
    void retriesWithABackoffThatDoublesUpToItsBoundAndResetsOnSuccess() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger failuresLeft = new AtomicInteger(10);
        ReconnectingAdmin admin = new ReconnectingAdmin("c", () -> {
            attempts.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new KafkaException("Failed to create new KafkaAdminClient", new org.apache.kafka.common.config.ConfigException("No resolvable bootstrap urls"));
            }
            return null; // stands for a client: what is handed back is the factory's own
        }, clock);

        assertThatThrownBy(admin::get).hasMessageContaining("ConfigException: No resolvable bootstrap urls");
        assertThatThrownBy(admin::get).hasMessageContaining("next attempt at 2026-11-25T12:00:02Z");
        assertThat(attempts).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(admin::get).hasMessageContaining("cannot create");
        assertThat(attempts).hasValue(2);
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(admin::get).hasMessageContaining("next attempt");
        assertThat(attempts).as("second backoff is 4 s").hasValue(2);
        for (int i = 0; i < 8; i++) {
            clock.advance(ReconnectingAdmin.MAX_BACKOFF);
            assertThatThrownBy(admin::get).isInstanceOf(KafkaException.class);
        }
        assertThat(attempts).as("one attempt per bound, however long the outage").hasValue(10);
        clock.advance(ReconnectingAdmin.MAX_BACKOFF);
        assertThat(admin.get()).isNull();
        assertThat(attempts).hasValue(11);
    }

    @Test
    void aClosedHandleRefusesNewCalls() {
        ReconnectingAdmin admin = new ReconnectingAdmin("c", () -> {
            throw new AssertionError("must not create a client after close");
        }, clock);
        admin.close(Duration.ZERO);
        assertThatThrownBy(admin::get).hasMessageContaining("closed (the remediator is stopping)");
    }

    @Test
    void closeIdleClosesTheClientAndItsThreadAndTheNextCallCreatesAnother() {
        AtomicInteger created = new AtomicInteger();
        Properties props = new Properties();
        // Resolvable, never answering: Admin.create succeeds without connecting.
        props.put("bootstrap.servers", "127.0.0.1:1");
        ReconnectingAdmin admin = new ReconnectingAdmin("idle", () -> {
            props.put("client.id", "idle-test-" + created.incrementAndGet());
            return Admin.create(props);
        }, clock);
        try {
            Admin first = admin.get();
            assertThat(admin.holdsClient()).isTrue();
            assertThat(networkThread("idle-test-1")).as("Admin's network thread").isTrue();

            admin.closeIdle(Duration.ofSeconds(5));
            assertThat(admin.holdsClient()).isFalse();
            assertThat(networkThread("idle-test-1")).as("gone with its client").isFalse();

            assertThat(admin.get()).isNotSameAs(first);
            assertThat(created).hasValue(2);
            assertThat(networkThread("idle-test-2")).isTrue();
        } finally {
            admin.close(Duration.ZERO);
        }
        assertThatThrownBy(admin::get).as("a close, unlike closeIdle, is final").hasMessageContaining("closed");
    }

    @Test
    void closeIdleWithoutAClientDoesNothing() {
        ReconnectingAdmin admin = new ReconnectingAdmin("c", () -> {
            throw new AssertionError("closeIdle must not create a client");
        }, clock);
        admin.closeIdle(Duration.ZERO);
        assertThat(admin.holdsClient()).isFalse();
    }

    private static boolean networkThread(String clientId) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().endsWith("| " + clientId));
    }
}
