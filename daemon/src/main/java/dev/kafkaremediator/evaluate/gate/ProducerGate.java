package dev.kafkaremediator.evaluate.gate;

import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Judges one window of an application under test (`remediator gate`): how many producers it
 * creates per 1,000 records, and what its rate of new producer-state entries does to the brokers'
 * heaps. Pure: no I/O, no clock.
 *
 * <p>An entry stays on a broker until its producer has been idle for producer.id.expiration.ms
 * (KIP-854, Kafka 3.4+: a day by default) whatever the topic's retention; on brokers without that
 * setting, as long as the topic keeps the producer's batches. So at a steady rate r the entries a
 * broker holds after t are r x min(t, that bound): a leak at a day's expiry plateaus after a day,
 * one on an older broker with retention for ever does not. The rate counts the entries of producers
 * that carried few records (a producer per record or per request); an application's long-lived
 * producer, seen created in a short window, is its one-time cost, not a rate.
 */
public final class ProducerGate {
    /** What an application team does about a failing gate, in one line. */
    public static final String FIX = "create one producer per application (or per thread) when it starts and reuse it for every record;"
            + " never a producer, nor a transactional.id, per record, request or function invocation";

    private ProducerGate() {
    }

    public static GateResult judge(GateMeasurement m, GateLimits limits) {
        double seconds = Math.max(0.001, m.window().toMillis() / 1000.0);
        List<String> cannot = new ArrayList<>(m.cannotJudge());
        Double per1000 = null;
        if (m.recordsAppended().isEmpty()) {
            cannot.add("the records appended are unknown (the end offsets could not be read)");
        } else if (m.recordsAppended().getAsLong() <= 0) {
            cannot.add("no records were written to the topics in the window of " + Durations.format(m.window())
                    + ": nothing to judge (is the application writing to the topics the gate watches?)");
        } else {
            per1000 = m.newProducerIds() * 1000.0 / m.recordsAppended().getAsLong();
        }
        OptionalLong retention = longestRetention(m.topics());
        List<GateResult.BrokerFigures> brokers = new ArrayList<>();
        Double worst = null;
        int worstBroker = -1;
        for (GateMeasurement.Broker b : m.brokers()) {
            // A producer that carried many records is the application's own: a one-time cost. Only churn is a rate.
            double rate = b.shortLivedEntries() / seconds;
            Duration kept = b.expiration().orElse(retention.isPresent() && retention.getAsLong() >= 0 ? Duration.ofMillis(retention.getAsLong()) : null);
            String keptFor = b.expiration().map(e -> "producer.id.expiration.ms " + Durations.format(e))
                    .orElse(kept == null ? "the topics' retention (for ever): no producer.id.expiration.ms on this broker" : "the topics' retention "
                            + Durations.format(kept) + ": no producer.id.expiration.ms on this broker");
            long after7 = entriesAfter(rate, Duration.ofDays(7), kept);
            long afterHorizon = entriesAfter(rate, limits.horizon(), kept);
            Double share7 = share(after7, limits, b.maxHeapBytes());
            Double shareHorizon = share(afterHorizon, limits, b.maxHeapBytes());
            if (shareHorizon != null && (worst == null || shareHorizon > worst)) {
                worst = shareHorizon;
                worstBroker = b.id();
            }
            brokers.add(new GateResult.BrokerFigures(b.id(), b.newEntries(), b.shortLivedEntries(), boxed(b.producerIdsBefore()), boxed(b.producerIdsAfter()),
                    b.initProducerIds().isPresent() ? b.initProducerIds().getAsLong() / seconds : null, boxed(b.maxHeapBytes()), rate, keptFor,
                    after7, afterHorizon, afterHorizon * limits.bytesPerEntry(), share7, shareHorizon));
        }
        Map<String, Long> retentions = new TreeMap<>();
        m.topics().forEach((t, r) -> retentions.put(t, r.isPresent() ? r.getAsLong() : null));
        GateResult.Figures figures = new GateResult.Figures(seconds, boxed(m.recordsAppended()), m.newProducerIds(), per1000, retentions, m.clients(),
                brokers, limits.horizon().toDays(), worst);
        if (!cannot.isEmpty()) {
            return new GateResult(GateResult.Verdict.CANNOT_JUDGE, cannot, FIX, figures);
        }
        List<String> failed = new ArrayList<>();
        if (per1000 > limits.maxProducersPer1000Records()) {
            failed.add(String.format(Locale.ROOT, "%.1f new producers per 1,000 records (%,d new producer ids for %,d records), more than the limit of %s",
                    per1000, m.newProducerIds(), m.recordsAppended().getAsLong(), plain(limits.maxProducersPer1000Records())));
        }
        if (worst != null && worst > limits.maxHeapShare()) {
            int at = worstBroker;
            GateResult.BrokerFigures b = brokers.stream().filter(x -> x.broker() == at).findFirst().orElseThrow();
            failed.add(String.format(Locale.ROOT, "at this rate broker %d would hold %,d more producer-state entries within %d days (%s, kept for %s),"
                            + " %.0f%% of its maximum heap, more than the limit of %.0f%%", b.broker(), b.entriesAfterHorizon(), limits.horizon().toDays(),
                    bytes(b.bytesAfterHorizon()), b.keptFor(), worst * 100, limits.maxHeapShare() * 100));
        }
        return failed.isEmpty() ? new GateResult(GateResult.Verdict.PASS, passReasons(per1000, worst, limits), FIX, figures)
                : new GateResult(GateResult.Verdict.FAIL, failed, FIX, figures);
    }

    private static List<String> passReasons(double per1000, Double worst, GateLimits limits) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%.2f new producers per 1,000 records (limit %s)", per1000, plain(limits.maxProducersPer1000Records())));
        out.add(worst == null ? "the brokers' maximum heap is unknown (no JMX): the heap share was not judged"
                : String.format(Locale.ROOT, "at most %.2f%% of a broker's maximum heap within %d days (limit %.0f%%)", worst * 100,
                limits.horizon().toDays(), limits.maxHeapShare() * 100));
        return out;
    }

    /** Entries held after {@code t} at {@code rate} per second when each lives for {@code kept} (null: for ever). */
    static long entriesAfter(double rate, Duration t, Duration kept) {
        Duration held = kept == null || kept.compareTo(t) > 0 ? t : kept;
        return Math.round(rate * held.toMillis() / 1000.0);
    }

    private static Double share(long entries, GateLimits limits, OptionalLong maxHeap) {
        return maxHeap.isPresent() && maxHeap.getAsLong() > 0 ? entries * (double) limits.bytesPerEntry() / maxHeap.getAsLong() : null;
    }

    private static OptionalLong longestRetention(Map<String, OptionalLong> topics) {
        long longest = 0;
        for (OptionalLong r : topics.values()) {
            if (r.isEmpty() || r.getAsLong() < 0) {
                return OptionalLong.of(-1);
            }
            longest = Math.max(longest, r.getAsLong());
        }
        return OptionalLong.of(longest);
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    static String bytes(long b) {
        return b >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MB", b / (double) (1L << 20));
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
