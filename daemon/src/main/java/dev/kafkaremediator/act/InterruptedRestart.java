package dev.kafkaremediator.act;

import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.ProducerInitRequests;
import dev.kafkaremediator.time.BoundedWait.Poll;
import dev.kafkaremediator.time.Durations;
import dev.kafkaremediator.time.WaitTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A broker journaled RESTARTING when its roll was cut (the remediator killed, or its lease lost):
 * the journal cannot say whether the restart command ran, so the broker is asked. Its JVM's start
 * ({@code java.lang:type=Runtime} {@code StartTime}, read with the InitProducerId counter) after the
 * journal's {@code since} of RESTARTING (written right before the command) means it was restarted:
 * it is seen through, never restarted again. A start before it means no restart happened yet; but
 * the dead instance's command may still be running on its own (a killed JVM leaves its child process
 * alive), stopping the broker, so that answer is final only once the command's own bound
 * ({@code restart-timeout}) has passed since {@code since}. A broker that does not answer at all by
 * then is down: whether a second start is safe is for an operator to say, so the roll stops there.
 *
 * <p>Both clocks are read against each other: the remediator's (the journal's {@code since}) and the
 * broker host's (its JVM start). Hosts kept in sync by NTP differ by milliseconds; a restart takes seconds.
 */
final class InterruptedRestart {

    /** What the broker said. */
    enum Verdict {
        /** Its JVM started after the restart began: see it through, never restart it again. */
        RESTARTED,
        /** Its JVM is the one from before, past the command's bound: restart it (after the can-roll checks). */
        NOT_RESTARTED,
        /** It did not answer by the end of the command's bound: the roll stops for an operator. */
        DOWN
    }

    /** The verdict, with what was seen. */
    record Judgement(Verdict verdict, String why) { }

    private final ActionContext context;
    private final Duration restartTimeout;
    private final Duration interval;

    InterruptedRestart(ActionContext context) {
        this.context = context;
        this.restartTimeout = context.cluster().roll().restartTimeout();
        this.interval = context.cluster().roll().checkInterval();
    }

    /** When the broker's JVM started, as a snapshot read it from the broker's JMX; empty when it did not answer. */
    static Optional<Instant> jvmStart(ClusterSnapshot snapshot, int broker) {
        return snapshot.broker(broker).flatMap(b -> b.jmx().producerInitRequests().optional())
                .map(ProducerInitRequests::startedAtMillis).map(Instant::ofEpochMilli);
    }

    /** Polls fresh snapshots until the broker shows a start after {@code since}, at most until {@code since} + restart-timeout (one look at least). */
    Judgement judge(int broker, Instant since) throws InterruptedException {
        Duration left = Duration.between(context.now(), since.plus(restartTimeout));
        java.util.concurrent.atomic.AtomicReference<Optional<Instant>> seen = new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        try {
            Instant started = context.waiter().until("broker " + broker + " to show a JVM started after " + since, left.isNegative() ? Duration.ZERO : left,
                    interval, () -> {
                        Optional<Instant> start = jvmStart(context.fresh().get(), broker);
                        seen.set(start);
                        return start.filter(t -> t.isAfter(since)).isPresent() ? Poll.done(start.get())
                                : Poll.notYet(start.map(t -> "JVM started " + t).orElse("does not answer"));
                    });
            return new Judgement(Verdict.RESTARTED, "its JVM started " + started + ", after the restart began (" + since + "): restarted, not restarted again");
        } catch (WaitTimeoutException e) {
            String bound = "the restart command's bound (" + Durations.format(restartTimeout) + ") since " + since;
            return seen.get().map(t -> new Judgement(Verdict.NOT_RESTARTED, "its JVM still dates from " + t + ", past " + bound + ": not restarted yet"))
                    .orElseGet(() -> new Judgement(Verdict.DOWN, "it did not answer by the end of " + bound + ": down; whether to start it is an "
                            + "operator's call"));
        }
    }
}
