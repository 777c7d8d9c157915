package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.kafkaremediator.config.NotifierConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * #22 points 2 and 5, against real sockets on 127.0.0.1: a receiver that floods its answer, one that
 * trickles it a byte every 5 s, and a stop while notifications are pending.
 */
class NotifierHostileReceiverTest {
    private static final Notification N = new Notification("prod", "producer-id-leak", "broker 2", "critical", Instant.parse("2026-11-25T12:00:00Z"),
            "Producer-id state heading for the ceiling", List.of("reaches 2,000,000 in 2d"), List.of(), false, Map.of(), Notification.Kind.FINDING);
    private static final long FLOOD_BYTES = 300L * 1024 * 1024;

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ActionEvents audit = (event, details) -> events.add(event + ":" + details.get("notifier") + ":"
            + details.getOrDefault("error", details.getOrDefault("why", "")));

    @AfterEach
    void stopReceivers() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A raw HTTP/1.1 receiver: reads each request, then answers it with {@code answer} on its own thread. */
    private String receiver(String name, SocketAnswer answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    toClose.add(socket);
                    readRequest(socket.getInputStream());
                    answer.answer(socket);
                } catch (IOException e) {
                    return;
                }
            }
        }, "receiver-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/" + name;
    }

    @FunctionalInterface
    private interface SocketAnswer {
        void answer(Socket socket) throws IOException;
    }

    /** Headers to the blank line, then the Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut");
            }
            head.append((char) b);
        }
        long length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
        in.readNBytes((int) length);
    }

    private static NotifierConfig webhook(String name, String url, Duration timeout) {
        return new NotifierConfig(name, NotifierConfig.Type.WEBHOOK, URI.create(url), timeout, 0);
    }

    @Test
    void aReceiverAnswering200WithA300MbBodyIsDeliveredAndOnlyAFewKbOfItAreRead() throws Exception {
        AtomicLong written = new AtomicLong();
        AtomicInteger floods = new AtomicInteger();
        String url = receiver("flood", socket -> {
            floods.incrementAndGet();
            Thread writer = new Thread(() -> {
                try (OutputStream out = socket.getOutputStream()) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + FLOOD_BYTES + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    while (written.get() < FLOOD_BYTES) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closedByTheNotifier) {
                    // what a bounded reader does to a flood
                }
                floods.decrementAndGet();
            }, "flood-writer");
            writer.setDaemon(true);
            writer.start();
        });
        try (Notifier notifier = new Notifier(List.of(webhook("flood", url, Duration.ofSeconds(30))), 10, d -> { })) {
            notifier.submit(N, audit);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("notify-delivered:flood:"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> floods.get() == 0);
        assertThat(written.get()).as("bytes the receiver got to send before the notifier closed the connection")
                .isLessThan(FLOOD_BYTES / 10);
    }

    @Test
    void aTricklingReceiverIsCutOffAtItsTimeoutAndHoldsUpNoOtherReceiver() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        toClose.add(trickle::shutdownNow);
        String slow = receiver("slow", socket -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException gone) {
                    // the notifier hung up: what it should do
                }
            }, 5, 5, TimeUnit.SECONDS);
        });
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        healthy.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        healthy.start();
        toClose.add(() -> healthy.stop(0));
        String fine = "http://127.0.0.1:" + healthy.getAddress().getPort() + "/hook";

        try (Notifier notifier = new Notifier(List.of(webhook("slow", slow, Duration.ofSeconds(2)), webhook("fine", fine, Duration.ofSeconds(2))),
                10, d -> { })) {
            notifier.submit(N, audit);
            notifier.submit(N, audit);
            // The second notification reaches the healthy receiver while the slow one still holds the first.
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().filter(e -> e.startsWith("notify-delivered:fine")).count() == 2);
            assertThat(events).noneMatch(e -> e.startsWith("notify-failed:slow"));
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().filter(e -> e.startsWith("notify-failed:slow")).count() == 2);
        }
        assertThat(events).filteredOn(e -> e.startsWith("notify-failed:slow")).allMatch(e -> e.contains("no complete answer within 2000ms"));
    }

    @Test
    void aStopWithNotificationsPendingAuditsEachOfThem() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        // Headers never come: the first notification is in flight, the others queued behind it.
        String silent = receiver("silent", socket -> requests.incrementAndGet());
        Notifier notifier = new Notifier(List.of(webhook("silent", silent, Duration.ofSeconds(60))), 10, d -> { });
        for (int i = 0; i < 3; i++) {
            notifier.submit(N, audit);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 1);
        notifier.close();
        assertThat(events).containsExactlyInAnyOrder("notify-failed:silent:interrupted (the remediator is stopping)",
                "notify-dropped:silent:the remediator stopped before it was sent", "notify-dropped:silent:the remediator stopped before it was sent");
    }
}
