package dev.kafkaremediator.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Serves /metrics (Prometheus text format, by the Prometheus client's own handler) and /health on one host and port. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Threads serving requests: a few slow clients leave the others to Prometheus and the health checks. */
    static final int THREADS = 4;
    /**
     * How long a client may take to send its request, and to take the answer: the JDK's server reads a
     * request's headers on a serving thread, so a client sending a byte a second would hold it for as long
     * as it likes (two of them took /health down). Past these the server closes the connection.
     */
    static final int MAX_REQUEST_SECONDS = 3;
    static final int MAX_RESPONSE_SECONDS = 10;

    /**
     * The JDK's own server limits are system properties, read once when its first server is made; the
     * daemon's is its first. An operator's own values stay.
     */
    static void limitSlowClients() {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(MAX_RESPONSE_SECONDS));
    }

    /** Starts serving; {@code health} gives the /health verdict at each request. Port 0 picks a free port. */
    public static MetricsServer start(String host, int port, ObservedMetrics metrics, Supplier<HealthReport> health) throws IOException {
        limitSlowClients();
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        MetricsHandler prometheus = new MetricsHandler(metrics.registry());
        server.createContext("/metrics", exchange -> {
            if (readOnly(exchange, "/metrics")) {
                prometheus.handle(exchange);
            }
        });
        server.createContext("/health", exchange -> {
            if (readOnly(exchange, "/health")) {
                respond(exchange, health.get());
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Both endpoints only answer reads: GET, and HEAD (which HTTP requires wherever GET is served).
     * Anything else is 405 with the allowed methods; a path that only starts like an endpoint is 404.
     */
    private static boolean readOnly(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return false;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange exchange, HealthReport report) throws IOException {
        byte[] body = report.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(report.healthy() ? 200 : 503, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
