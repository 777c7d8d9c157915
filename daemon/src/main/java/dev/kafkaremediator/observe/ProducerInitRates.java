package dev.kafkaremediator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Producers created per second on each broker, from two readings of its InitProducerId request
 * counter. Kept per cluster for as long as its connections live, so each observation compares with
 * the one before.
 *
 * <p>Why the counter and not the broker's own {@code OneMinuteRate}: that is an exponentially
 * weighted average with a one-minute time constant, ticked every 5 s. After a step from 0 to 40
 * producers/s it reads about 11/s after 20 s and 25/s after a minute, and it keeps reading well
 * above 0 for minutes after the churn stopped. The difference of two counts over the time between
 * them is the exact average over that interval: it rises on the first observation after the churn
 * starts and falls on the first after it stops, whatever the observe interval.
 *
 * <p>A restart of the broker starts its counter again from 0. A different JVM start time, or a count
 * lower than the last, means a restart: everything counted since then happened within the interval,
 * so the increase is the new count (as Prometheus's {@code rate()} treats a counter reset), never a
 * negative rate.
 */
public final class ProducerInitRates {
    /** Two readings closer than this say more about timing jitter than about a rate. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private record Last(Instant at, ProducerInitRequests reading) { }

    private final Map<Integer, Last> last = new HashMap<>();

    /**
     * The rate since this broker's previous reading, and remembers this one. Unknown on the first
     * reading, when the broker did not answer, or when the readings are too close together.
     */
    public synchronized Fact<Double> next(int broker, Instant at, Fact<ProducerInitRequests> reading) {
        if (reading.optional().isEmpty()) {
            // The previous reading stays: the next answer is compared with it, over the longer interval.
            return Fact.unknown(reading.unknownReason().orElse("no reading"));
        }
        ProducerInitRequests now = reading.optional().get();
        Last before = last.get(broker);
        if (before != null && Duration.between(before.at(), at).compareTo(MIN_INTERVAL) < 0) {
            return Fact.unknown("readings " + Duration.between(before.at(), at).toMillis() + " ms apart: too close for a rate");
        }
        last.put(broker, new Last(at, now));
        if (before == null) {
            return Fact.unknown("first reading of the InitProducerId counter: a rate needs two");
        }
        return Fact.known(rate(before.at(), before.reading(), at, now));
    }

    /**
     * A reading from an earlier process or another instance (the history), so a one-shot {@code status},
     * or an instance taking a cluster over, has something to compare with. Kept only when newer than
     * what this process read itself: the rate is then over the shortest interval known.
     */
    public synchronized void seed(int broker, Instant at, ProducerInitRequests reading) {
        Last mine = last.get(broker);
        if (mine == null || mine.at().isBefore(at)) {
            last.put(broker, new Last(at, reading));
        }
    }

    /**
     * Seeds every broker that {@code sample} (a history sample of this cluster) holds a counter reading for.
     * Broker ids hold no dots, so the id between "broker." and the suffix is read back and checked by
     * building the name again.
     */
    public void seed(dev.kafkaremediator.history.Sample sample) {
        String prefix = "broker.";
        String suffix = dev.kafkaremediator.history.SeriesNames.brokerProducerInitRequests(0).substring("broker.0".length());
        for (String series : sample.values().keySet()) {
            if (!series.startsWith(prefix) || !series.endsWith(suffix) || series.length() <= prefix.length() + suffix.length()) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(series.substring(prefix.length(), series.length() - suffix.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            java.util.OptionalDouble count = sample.value(dev.kafkaremediator.history.SeriesNames.brokerProducerInitRequests(id));
            java.util.OptionalDouble started = sample.value(dev.kafkaremediator.history.SeriesNames.brokerStartedAtMillis(id));
            if (count.isPresent() && started.isPresent()) {
                seed(id, sample.time(), new ProducerInitRequests((long) count.getAsDouble(), (long) started.getAsDouble()));
            }
        }
    }

    static double rate(Instant beforeAt, ProducerInitRequests before, Instant at, ProducerInitRequests now) {
        boolean restarted = now.startedAtMillis() != before.startedAtMillis() || now.count() < before.count();
        long increase = restarted ? now.count() : now.count() - before.count();
        double seconds = Duration.between(beforeAt, at).toMillis() / 1000.0;
        return increase / seconds;
    }
}
