package dev.kafkaremediator.time;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way this project waits for something: poll a probe until it yields a value or a
 * deadline passes. Every wait names what it waits for, so a timeout says exactly what did not
 * happen and what was last seen. Elapsed time comes from an injected {@link Ticker} (monotonic in
 * production: a wall-clock jump neither ends a wait early nor stretches it), pauses from an
 * injected {@link Pause}, so tests can drive both.
 */
public final class BoundedWait {

    /** How the wait passes time between polls; {@link #threadSleep()} in production. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;

        static Pause threadSleep() {
            return duration -> Thread.sleep(Math.max(1, duration.toMillis()));
        }
    }

    /** One poll: either the awaited value, or a description of what was seen instead. */
    public sealed interface Poll<T> {
        record Done<T>(T value) implements Poll<T> { }

        record NotYet<T>(String observed) implements Poll<T> { }

        static <T> Poll<T> done(T value) {
            return new Done<>(value);
        }

        static <T> Poll<T> notYet(String observed) {
            return new NotYet<>(observed);
        }
    }

    /** A probe may throw; the wait goes on and the failure becomes the last observation. */
    @FunctionalInterface
    public interface Probe<T> {
        Poll<T> poll() throws Exception;
    }

    /**
     * A probe that decides the wait is hopeless (the process it waits for died, say) throws this;
     * the wait stops at once instead of running into its deadline.
     */
    public static final class Hopeless extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Hopeless(String message) {
            super(message);
        }
    }

    private final Clock clock;
    private final Pause pause;
    private final Ticker ticker;

    public BoundedWait(Clock clock, Pause pause, Ticker ticker) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Time and pauses both from {@code clock}: for tests with a fake clock that {@code pause} advances. */
    public BoundedWait(Clock clock, Pause pause) {
        this(clock, pause, Ticker.of(clock));
    }

    /** Production: timestamps from {@code clock}, elapsed time from {@link System#nanoTime()}, real sleeps. */
    public static BoundedWait monotonic(Clock clock) {
        return new BoundedWait(clock, Pause.threadSleep(), Ticker.system());
    }

    public static BoundedWait system() {
        return monotonic(Clock.systemUTC());
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Polls {@code probe} every {@code interval} until it is done or {@code timeout} has passed.
     *
     * @throws WaitTimeoutException when the deadline passes, naming {@code what} and the last observation
     * @throws Hopeless when the probe gives up
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public <T> T until(String what, Duration timeout, Duration interval, Probe<T> probe)
            throws WaitTimeoutException, InterruptedException {
        Deadline deadline = Deadline.after(timeout, ticker);
        String lastObserved = "nothing observed yet";
        while (true) {
            try {
                Poll<T> poll = probe.poll();
                if (poll instanceof Poll.Done<T> done) {
                    return done.value();
                }
                lastObserved = ((Poll.NotYet<T>) poll).observed();
            } catch (Hopeless | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastObserved = "probe failed: " + describe(e);
            }
            if (deadline.passed()) {
                throw new WaitTimeoutException(what, timeout, lastObserved);
            }
            Duration left = deadline.remaining();
            pause.pause(left.compareTo(interval) < 0 ? left : interval);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = Optional.ofNullable(root.getMessage()).orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
