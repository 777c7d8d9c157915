package dev.kafkaremediator.act;

import dev.kafkaremediator.config.NotifierConfig;
import dev.kafkaremediator.time.BoundedWait;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications from a bounded queue on its own thread, with retries and exponential
 * backoff, so a slow or dead receiver never blocks remediation. Each delivery, or failure, is
 * recorded (audited) under the action's id. When the queue is full the notification is dropped
 * and that is recorded too.
 */
public final class Notifier implements Notifications, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private record Job(Notification notification, ActionEvents events) { }

    private final List<NotifierConfig> targets;
    private final HttpClient http;
    private final BoundedWait.Pause pause;
    private final BlockingQueue<Job> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closed;

    public Notifier(List<NotifierConfig> targets, int capacity, BoundedWait.Pause pause) {
        this.targets = List.copyOf(targets);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.pause = pause;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::run, "notifier");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public List<NotifierConfig> targets() {
        return targets;
    }

    @Override
    public List<String> receivers() {
        return targets.stream().map(t -> t.name() + " (" + t.type().name().toLowerCase(java.util.Locale.ROOT) + ")").toList();
    }

    /** Queues the notification; never blocks. Returns false (and records it) when the queue is full. */
    @Override
    public boolean submit(Notification notification, ActionEvents events) {
        inFlight.incrementAndGet();
        if (closed || !queue.offer(new Job(notification, events))) {
            inFlight.decrementAndGet();
            record(events, "notify-dropped", Map.of("why", closed ? "notifier closed" : "queue full (" + queue.size() + ")"));
            return false;
        }
        return true;
    }

    /** Waits (bounded) until every queued notification was delivered or gave up; for one-shot commands and tests. */
    public boolean drain(BoundedWait wait, Duration timeout) throws InterruptedException {
        try {
            wait.until("notifications to be delivered", timeout, Duration.ofMillis(100),
                    () -> inFlight.get() == 0 ? BoundedWait.Poll.done(Boolean.TRUE) : BoundedWait.Poll.notYet(inFlight.get() + " pending"));
            return true;
        } catch (dev.kafkaremediator.time.WaitTimeoutException e) {
            return false;
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Job job;
            try {
                job = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            try {
                for (NotifierConfig target : targets) {
                    deliver(target, job);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void deliver(NotifierConfig target, Job job) {
        String body = NotificationPayloads.body(target.type(), job.notification());
        HttpRequest request = HttpRequest.newBuilder(NotificationPayloads.target(target)).timeout(target.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Duration backoff = FIRST_BACKOFF;
        String last = "";
        for (int attempt = 1; attempt <= target.retries() + 1; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    record(job.events(), "notify-delivered", Map.of("notifier", target.name(), "type", target.type().name().toLowerCase(java.util.Locale.ROOT),
                            "host", target.url().getHost(), "status", response.statusCode(), "attempts", attempt));
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            if (attempt <= target.retries()) {
                try {
                    pause.pause(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        LOG.warn("notification to {} ({}) failed: {}", target.name(), target.url().getHost(), last);
        record(job.events(), "notify-failed", Map.of("notifier", target.name(), "host", target.url().getHost(), "error", last,
                "attempts", target.retries() + 1));
    }

    private static void record(ActionEvents events, String event, Map<String, Object> details) {
        try {
            events.record(event, details);
        } catch (ActionFailure e) {
            LOG.error("could not audit {}: {}", event, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
