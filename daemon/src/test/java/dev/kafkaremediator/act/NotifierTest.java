package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.kafkaremediator.config.NotifierConfig;
import dev.kafkaremediator.time.BoundedWait;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback: payloads per receiver kind, retries, and a receiver that never answers well. */
class NotifierTest {
    private static final Notification N = new Notification("prod", "producer-id-leak", "broker 2", "critical", Instant.parse("2026-11-25T12:00:00Z"),
            "Producer-id state heading for the ceiling", List.of("reaches 2,000,000 in 2d"), List.of("heap-dump broker 2"), false,
            Map.of("finding", "producer-id-leak/prod/broker/2"), Notification.Kind.FINDING);

    @Test
    void deliversEachKindOfPayloadAndRetriesAFailingReceiver() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        AtomicInteger flaky = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean fail = exchange.getRequestURI().getPath().equals("/flaky") && flaky.incrementAndGet() < 3;
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Notifier notifier = new Notifier(List.of(
                new NotifierConfig("hook", NotifierConfig.Type.WEBHOOK, URI.create(base + "/hook"), Duration.ofSeconds(2), 0),
                new NotifierConfig("slack", NotifierConfig.Type.SLACK, URI.create(base + "/slack"), Duration.ofSeconds(2), 0),
                new NotifierConfig("am", NotifierConfig.Type.ALERTMANAGER, URI.create(base), Duration.ofSeconds(2), 0),
                new NotifierConfig("flaky", NotifierConfig.Type.WEBHOOK, URI.create(base + "/flaky"), Duration.ofSeconds(2), 3)),
                10, d -> { })) {
            notifier.submit(N, (event, details) -> events.add(event + ":" + details.get("notifier") + ":" + details.get("attempts")));
            assertThat(notifier.drain(BoundedWait.system(), Duration.ofSeconds(20))).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(paths).contains("/hook", "/slack", "/api/v2/alerts", "/flaky");
        assertThat(bodies.get(paths.indexOf("/hook"))).contains("\"policy\":\"producer-id-leak\"", "\"evidence\":[\"reaches 2,000,000 in 2d\"]");
        assertThat(bodies.get(paths.indexOf("/slack"))).startsWith("{\"text\":\"[CRITICAL] Producer-id state");
        assertThat(bodies.get(paths.indexOf("/api/v2/alerts"))).contains("\"alertname\":\"producer-id-leak\"", "\"startsAt\":\"2026-11-25T12:00:00Z\"");
        assertThat(events).contains("notify-delivered:hook:1", "notify-delivered:flaky:3");
    }

    @Test
    void aDeadReceiverIsRecordedAsFailedAndNeverBlocksTheSubmitter() throws Exception {
        int dead;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = probe.getLocalPort();
        }
        List<String> events = new CopyOnWriteArrayList<>();
        try (Notifier notifier = new Notifier(List.of(new NotifierConfig("dead", NotifierConfig.Type.WEBHOOK, URI.create("http://127.0.0.1:" + dead),
                Duration.ofSeconds(1), 2)), 1, d -> { })) {
            long start = System.nanoTime();
            notifier.submit(N, (event, details) -> events.add(event));
            notifier.submit(N, (event, details) -> events.add(event));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("submit never waits for delivery").isLessThan(Duration.ofSeconds(1));
            notifier.drain(BoundedWait.system(), Duration.ofSeconds(20));
        }
        assertThat(events).contains("notify-failed");
    }

    @Test
    void reSendsAndResolutionsGoToAlertmanagerAloneWithAStableIdentityAndEndsAt() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Instant now = Instant.parse("2026-11-25T12:05:00Z");
        Instant resolved = Instant.parse("2026-11-25T12:07:00Z");
        List<String> events = new CopyOnWriteArrayList<>();
        ActionEvents audit = (event, details) -> events.add(event + ":" + details.get("notifier") + ":" + details.get("resolvedAt"));
        Notification halted = new Notification("prod", "producer-id-leak", "broker 2", "critical", now, "Remediation halted", List.of("why"),
                List.of(), false, Map.of("finding", "producer-id-leak/prod/broker/2"), Notification.Kind.EVENT);
        try (Notifier notifier = new Notifier(List.of(
                new NotifierConfig("hook", NotifierConfig.Type.WEBHOOK, URI.create(base + "/hook"), Duration.ofSeconds(2), 0),
                new NotifierConfig("am", NotifierConfig.Type.ALERTMANAGER, URI.create(base + "/am"), Duration.ofSeconds(2), 0, Duration.ofSeconds(30)),
                new NotifierConfig("am2", NotifierConfig.Type.ALERTMANAGER, URI.create(base + "/am2"), Duration.ofSeconds(2), 0, Duration.ofMinutes(1))),
                10, d -> { }, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), () -> java.util.Optional.of(URI.create("http://remediator:9405/health")))) {
            assertThat(notifier.alertReceivers()).containsExactly(Map.entry("am", Duration.ofSeconds(30)), Map.entry("am2", Duration.ofMinutes(1)));
            notifier.resend("am", N);
            assertThat(notifier.drain(BoundedWait.system(), Duration.ofSeconds(20))).isTrue();
            assertThat(paths).as("a re-send goes to the one Alertmanager it is for").containsExactly("/am/api/v2/alerts");
            assertThat(events).as("re-sends are not audited").isEmpty();

            notifier.resolve(N, resolved, audit);
            assertThat(notifier.drain(BoundedWait.system(), Duration.ofSeconds(20))).isTrue();
            notifier.submit(halted, audit);
            assertThat(notifier.drain(BoundedWait.system(), Duration.ofSeconds(20))).isTrue();
        } finally {
            server.stop(0);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode firing = json.readTree(bodies.get(0)).get(0);
        assertThat(firing.get("labels").toString()).isEqualTo("{\"alertname\":\"producer-id-leak\",\"cluster\":\"prod\",\"policy\":\"producer-id-leak\","
                + "\"entity\":\"broker 2\",\"severity\":\"critical\",\"source\":\"kafka-remediator\"}");
        assertEquals("2026-11-25T12:00:00Z", firing.get("startsAt").asText(), "when the finding opened");
        assertEquals("2026-11-25T12:07:00Z", firing.get("endsAt").asText(), "four re-send intervals of 30s after the send");
        assertEquals("http://remediator:9405/health", firing.get("generatorURL").asText());
        assertEquals("producer-id-leak/prod/broker/2", firing.get("annotations").get("finding").asText());

        // Each receiver has its own queue and thread: the two Alertmanagers hear of the resolution in either order.
        assertThat(paths.subList(1, 3)).as("the resolution goes to every Alertmanager, no webhook").containsExactlyInAnyOrder("/am/api/v2/alerts", "/am2/api/v2/alerts");
        com.fasterxml.jackson.databind.JsonNode ended = json.readTree(bodies.get(paths.subList(0, 3).lastIndexOf("/am/api/v2/alerts"))).get(0);
        assertEquals(firing.get("labels"), ended.get("labels"), "the same alert");
        assertEquals("2026-11-25T12:07:00Z", ended.get("endsAt").asText());
        assertThat(events).contains("notify-delivered:am:2026-11-25T12:07:00Z", "notify-delivered:am2:2026-11-25T12:07:00Z");

        com.fasterxml.jackson.databind.JsonNode event = json.readTree(bodies.get(paths.lastIndexOf("/am/api/v2/alerts"))).get(0);
        assertEquals("remediation-halted", event.get("labels").get("event").asText(), "its own alert, not the finding's");
        assertThat(event.has("endsAt")).as("a one-off event is left to Alertmanager's resolve_timeout").isFalse();
        assertThat(paths).contains("/hook");
    }
}
