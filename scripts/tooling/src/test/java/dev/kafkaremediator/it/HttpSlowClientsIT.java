package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #22 point 6: clients that send their request a byte a second neither take /health and /metrics
 * down (they did with two: both serving threads held) nor hold a connection for ever.
 */
class HttpSlowClientsIT {
    private static final int SLOW_CLIENTS = 3;

    @TempDir
    Path dir;

    @Test
    void slowClientsLeaveHealthAndMetricsAnsweringAndAreCutOff() throws Exception {
        Path log = dir.resolve("daemon.log");
        Process daemon = Scripts.startDaemon(DaemonHttp.config(dir, ""), log);
        ScheduledExecutorService trickle = Executors.newScheduledThreadPool(1);
        List<Socket> slow = new ArrayList<>();
        try {
            String address = Scripts.httpAddress(log);
            int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).until(() -> DaemonHttp.get(http, address, "/health", Duration.ofSeconds(5)).isPresent());

            AtomicInteger cutOff = new AtomicInteger();
            AtomicInteger bytesSent = new AtomicInteger();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                slow.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                boolean[] gone = {false};
                trickle.scheduleAtFixedRate(() -> {
                    if (gone[0]) {
                        return;
                    }
                    try {
                        out.write('x');
                        out.flush();
                        bytesSent.incrementAndGet();
                    } catch (IOException e) {
                        gone[0] = true;
                        cutOff.incrementAndGet();
                    }
                }, 1, 1, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bytesSent.get() >= 2 * SLOW_CLIENTS);

            // Every read meanwhile answers within a second.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                    DaemonHttp.get(http, address, "/health", Duration.ofSeconds(1)).isPresent()
                            && DaemonHttp.get(http, address, "/metrics", Duration.ofSeconds(1)).map(r -> r.statusCode() == 200).orElse(false));
            // And the server hangs up on each slow client.
            await().atMost(Duration.ofSeconds(30)).until(() -> cutOff.get() == SLOW_CLIENTS);
        } catch (Throwable t) {
            System.out.println("daemon log:\n" + Files.readString(log));
            throw t;
        } finally {
            trickle.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
            DaemonHttp.stop(daemon);
        }
        assertThat(daemon.exitValue()).isZero();
    }
}
