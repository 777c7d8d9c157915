package dev.kafkaremediator.act;

import dev.kafkaremediator.config.NotifierConfig;
import dev.kafkaremediator.time.BoundedWait;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications from a bounded queue per receiver, each on its own thread, with retries and
 * exponential backoff, so a slow or dead receiver never blocks remediation nor another receiver.
 * Each attempt is bounded as a whole by the receiver's {@code timeout} (headers and body: a receiver
 * that trickles its answer is cut off), and only a few KB of an answer are read. Each delivery, or
 * failure, is recorded (audited) under the action's id. When a queue is full the notification is
 * dropped for that receiver and that is recorded too, as is everything still queued at {@link #close}.
 *
 * <p>Alertmanager holds alert state: it resolves an alert that is not sent again before its
 * endsAt (or, without one, its resolve_timeout). A finding's alert therefore carries
 * {@code endsAt} = now + {@value #HOLD_INTERVALS} re-send intervals and is re-sent ({@link #resend})
 * while the finding is open, then sent once more ended ({@link #resolve}). Re-sends go to that one
 * Alertmanager only, without retries (the next interval is the retry) and without audit records.
 */
public final class Notifier implements Notifications, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * Like Prometheus (endsAt = 4 x the re-send delay): three re-sends may be lost (a slow queue, an
     * Alertmanager restart) before the alert ends, and a remediator that died stops firing within
     * four intervals instead of paging on forever.
     */
    static final int HOLD_INTERVALS = 4;

    private enum Mode { ANNOUNCE, RESEND, RESOLVE }

    /** @param receiver the one receiver a re-send goes to; @param events null for re-sends, which are not audited */
    private record Job(Notification notification, Mode mode, Optional<String> receiver, Optional<Instant> resolvedAt, ActionEvents events) { }

    /** How long {@link #close} lets each receiver's thread end its attempt once interrupted. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    /** One receiver's queue and the thread that delivers from it. */
    private final class Lane {
        final NotifierConfig target;
        final BlockingQueue<Job> queue;
        final Thread thread;

        Lane(NotifierConfig target, int capacity) {
            this.target = target;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(() -> run(this), "notifier-" + target.name());
            this.thread.setDaemon(true);
        }
    }

    private final List<NotifierConfig> targets;
    private final HttpClient http;
    private final BoundedWait.Pause pause;
    private final List<Lane> lanes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Clock clock;
    private final Supplier<Optional<URI>> generatorUrl;
    /** Alert receivers whose last re-send failed: the first failure is a warning, the rest debug until one succeeds. */
    private final Set<String> resendFailing = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Notifier(List<NotifierConfig> targets, int capacity, BoundedWait.Pause pause) {
        this(targets, capacity, pause, Clock.systemUTC(), Optional::empty);
    }

    /**
     * @param clock        dates endsAt of firing alerts
     * @param generatorUrl the link Alertmanager shows as an alert's source (known once the daemon's HTTP server listens)
     */
    public Notifier(List<NotifierConfig> targets, int capacity, BoundedWait.Pause pause, Clock clock, Supplier<Optional<URI>> generatorUrl) {
        this.clock = clock;
        this.generatorUrl = generatorUrl;
        this.targets = List.copyOf(targets);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.pause = pause;
        this.lanes = this.targets.stream().map(t -> new Lane(t, capacity)).toList();
        this.lanes.forEach(lane -> lane.thread.start());
    }

    public List<NotifierConfig> targets() {
        return targets;
    }

    @Override
    public List<String> receivers() {
        return targets.stream().map(t -> t.name() + " (" + t.type().name().toLowerCase(java.util.Locale.ROOT) + ")").toList();
    }

    @Override
    public Map<String, Duration> alertReceivers() {
        Map<String, Duration> out = new LinkedHashMap<>();
        targets.stream().filter(t -> t.type() == NotifierConfig.Type.ALERTMANAGER).forEach(t -> out.put(t.name(), t.resendInterval()));
        return out;
    }

    /** Queues the notification; never blocks. Returns false (and records it) when the queue is full. */
    @Override
    public boolean submit(Notification notification, ActionEvents events) {
        return offer(new Job(notification, Mode.ANNOUNCE, Optional.empty(), Optional.empty(), events));
    }

    @Override
    public boolean resend(String receiver, Notification alert) {
        return offer(new Job(alert, Mode.RESEND, Optional.of(receiver), Optional.empty(), null));
    }

    @Override
    public boolean resolve(Notification alert, Instant resolvedAt, ActionEvents events) {
        return offer(new Job(alert, Mode.RESOLVE, Optional.empty(), Optional.of(resolvedAt), events));
    }

    /** Queues the job for each receiver it is for; false (recorded per receiver) where it could not be. */
    private boolean offer(Job job) {
        boolean all = true;
        for (Lane lane : lanes) {
            if (!receives(lane.target, job)) {
                continue;
            }
            inFlight.incrementAndGet();
            if (closed || !lane.queue.offer(job)) {
                inFlight.decrementAndGet();
                dropped(lane, job, closed ? "notifier closed" : "queue full (" + lane.queue.size() + ")");
                all = false;
            }
        }
        return all;
    }

    private void dropped(Lane lane, Job job, String why) {
        if (job.events() == null) {
            LOG.debug("re-send of {} on {} to {} dropped: {}", job.notification().policy(), job.notification().entity(), lane.target.name(), why);
        } else {
            record(job.events(), "notify-dropped", Map.of("notifier", lane.target.name(), "why", why));
        }
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

    private void run(Lane lane) {
        while (!closed || !lane.queue.isEmpty()) {
            Job job;
            try {
                job = lane.queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            try {
                deliver(lane.target, job);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Re-sends and resolutions are Alertmanager's state, not messages: a webhook or Slack channel would only get the same text again. */
    private static boolean receives(NotifierConfig target, Job job) {
        return switch (job.mode()) {
            case ANNOUNCE -> true;
            case RESEND -> job.receiver().orElseThrow().equals(target.name());
            case RESOLVE -> target.type() == NotifierConfig.Type.ALERTMANAGER;
        };
    }

    /** When Alertmanager is to end the alert: at the resolve, a few intervals on while it fires, or (a one-off event) its resolve_timeout. */
    private Optional<Instant> endsAt(NotifierConfig target, Job job) {
        if (job.resolvedAt().isPresent()) {
            return job.resolvedAt();
        }
        return job.notification().kind() == Notification.Kind.FINDING
                ? Optional.of(clock.instant().plus(target.resendInterval().multipliedBy(HOLD_INTERVALS))) : Optional.empty();
    }

    private void deliver(NotifierConfig target, Job job) {
        String body = NotificationPayloads.body(target.type(), job.notification(), endsAt(target, job), generatorUrl.get());
        HttpRequest request = HttpRequest.newBuilder(NotificationPayloads.target(target)).timeout(target.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Duration backoff = FIRST_BACKOFF;
        String last = "";
        // A re-send is not retried: the next interval sends it again, and a backoff here would hold up the queue behind it.
        int retries = job.mode() == Mode.RESEND ? 0 : target.retries();
        for (int attempt = 1; attempt <= retries + 1; attempt++) {
            // Asynchronous so the timeout bounds the whole exchange: HttpRequest.timeout stops at the headers,
            // and a receiver sending its body a byte at a time would hold this receiver's thread for as long as it likes.
            CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, BoundedBody.handler());
            try {
                HttpResponse<String> response = exchange.get(target.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (response.statusCode() / 100 == 2) {
                    if (job.mode() == Mode.RESEND) {
                        if (resendFailing.remove(target.name())) {
                            LOG.info("re-sending alerts to {} ({}) works again", target.name(), target.url().getHost());
                        }
                        return;
                    }
                    Map<String, Object> details = new LinkedHashMap<>(Map.of("notifier", target.name(), "type",
                            target.type().name().toLowerCase(java.util.Locale.ROOT), "host", target.url().getHost(), "status", response.statusCode(),
                            "attempts", attempt));
                    job.resolvedAt().ifPresent(at -> details.put("resolvedAt", at.toString()));
                    record(job.events(), "notify-delivered", details);
                    return;
                }
                last = "HTTP " + response.statusCode() + answer(response.body());
            } catch (TimeoutException e) {
                exchange.cancel(true);
                last = "no complete answer within " + target.timeout().toMillis() + "ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                last = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            } catch (InterruptedException e) {
                exchange.cancel(true);
                Thread.currentThread().interrupt();
                last = "interrupted (the remediator is stopping)";
                break;
            }
            if (attempt <= retries) {
                try {
                    pause.pause(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        if (job.mode() == Mode.RESEND) {
            // Every interval would repeat the same warning while an Alertmanager is down: say it once, then at debug level.
            if (resendFailing.add(target.name())) {
                LOG.warn("re-sending alerts to {} ({}) failed: {}; retried every interval, further failures at debug level", target.name(),
                        target.url().getHost(), last);
            } else {
                LOG.debug("re-send to {} failed: {}", target.name(), last);
            }
            return;
        }
        LOG.warn("notification to {} ({}) failed: {}", target.name(), target.url().getHost(), last);
        record(job.events(), "notify-failed", Map.of("notifier", target.name(), "host", target.url().getHost(), "error", last,
                "attempts", retries + 1));
    }

    /** The start of a failed answer's text, on one line: what Alertmanager or Slack says was wrong. */
    private static String answer(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static void record(ActionEvents events, String event, Map<String, Object> details) {
        // Recorded with the thread's interrupt cleared: the file audit writes through a FileChannel, which an
        // interrupted thread would close unwritten (ClosedByInterruptException), losing exactly the stop's records.
        boolean interrupted = Thread.interrupted();
        try {
            events.record(event, details);
        } catch (ActionFailure e) {
            LOG.error("could not audit {}: {}", event, e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops every receiver's thread: an attempt in progress ends as failed ("interrupted"), and what is
     * still queued is recorded as dropped, so a stop (SIGTERM) loses nothing without an audit record.
     * Call {@link #drain} first to give queued notifications their chance.
     */
    @Override
    public void close() {
        closed = true;
        lanes.forEach(lane -> lane.thread.interrupt());
        for (Lane lane : lanes) {
            try {
                lane.thread.join(STOP_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (lane.thread.isAlive()) {
                LOG.warn("notifier {} did not stop within {}s", lane.target.name(), STOP_GRACE.toSeconds());
            }
            for (Job job = lane.queue.poll(); job != null; job = lane.queue.poll()) {
                inFlight.decrementAndGet();
                dropped(lane, job, "the remediator stopped before it was sent");
            }
        }
    }
}
