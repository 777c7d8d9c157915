package dev.kafkaremediator.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void answersReadsOnlyAndTellsHealthByStatusCode() throws Exception {
        AtomicReference<Optional<String>> stateProblem = new AtomicReference<>(Optional.empty());
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, new ObservedMetrics(10),
                () -> HealthReport.of(NOW, NOW, Duration.ofMinutes(1), Map.of(), stateProblem.get()))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();

            assertEquals(200, send(http, base + "/health", "GET").statusCode());
            assertEquals(200, send(http, base + "/metrics", "GET").statusCode());
            assertEquals(200, send(http, base + "/health", "HEAD").statusCode());
            for (String method : new String[] {"DELETE", "POST", "PUT"}) {
                HttpResponse<String> refused = send(http, base + "/health", method);
                assertEquals(405, refused.statusCode(), method);
                assertEquals("GET, HEAD", refused.headers().firstValue("Allow").orElse(""));
                assertEquals(405, send(http, base + "/metrics", method).statusCode(), method);
            }
            assertEquals(404, send(http, base + "/healthz", "GET").statusCode());

            stateProblem.set(Optional.of("state directory /x does not take writes"));
            assertEquals(503, send(http, base + "/health", "GET").statusCode());
        }
    }

    private static HttpResponse<String> send(HttpClient http, String url, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
