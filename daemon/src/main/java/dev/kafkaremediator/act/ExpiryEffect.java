package dev.kafkaremediator.act;

import dev.kafkaremediator.act.ExpireProducersStep.BrokerExpiry;
import dev.kafkaremediator.act.ExpireProducersStep.Outcome;
import dev.kafkaremediator.act.ExpireProducersStep.Prepared;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an expire-producers run achieved, measured against what it expected to free, and, when it
 * fell short, why: each reason the facts support (a pass that may not have run, ids written again,
 * ids now in transactions, idle ids not removed, transactions that were never expected to expire),
 * never a guess. A wrong reason would send the ladder toward deleting data.
 */
final class ExpiryEffect {
    /** Effective when at least this share of the expected entries is gone on every broker. */
    static final double EXPECTED_SHARE = 0.99;

    private ExpiryEffect() {
    }

    static boolean freedEnough(Prepared p, int broker, long now, long created) {
        // The census reads the leaders a moment apart from the broker's own count; a follower a few records behind
        // holds fewer entries than its leader reports: a broker cannot free more than it held.
        long held = p.before().getOrDefault(broker, 0L);
        long expected = Math.min(held, p.census().expectedPerBroker().getOrDefault(broker, 0L));
        long freed = held - now + created;
        return freed >= Math.ceil(expected * EXPECTED_SHARE);
    }

    /** Effective when at least 99% of the expected entries are gone on every broker; otherwise why not, from the facts. */
    static Effect of(Prepared p, Outcome o, Action.ExpireProducers planned) {
        long expectedTotal = p.census().expectedTotal();
        Map<Integer, Long> created = o.census().map(ExpiryCensus.After::newPerBroker).orElse(Map.of());
        Map<Integer, Long> freed = new TreeMap<>();
        List<Integer> short_ = new ArrayList<>();
        for (int b : p.brokers()) {
            long made = created.getOrDefault(b, 0L);
            freed.put(b, p.before().getOrDefault(b, 0L) - o.after().getOrDefault(b, 0L) + made);
            if (!freedEnough(p, b, o.after().getOrDefault(b, 0L), made)) {
                short_.add(b);
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("producerIdsBefore", p.before());
        figures.put("producerIdsAfter", o.after());
        figures.put("expectedToFree", p.census().expectedPerBroker());
        figures.put("freed", freed);
        String summary = String.format(Locale.ROOT, "ProducerIdCount %d -> %d over brokers %s in %s; freed %s of expected %s",
                p.totalBefore(), o.after().values().stream().mapToLong(Long::longValue).sum(), p.brokers(), Durations.format(o.waited()), freed,
                p.census().expectedPerBroker());
        String restoreNote = o.restoreFailed() ? "; RESTORE FAILED, fix by hand: " + o.restored() : "";
        if (expectedTotal == 0) {
            return Effect.unknown("nothing for the new expiration to free: " + p.census().recent() + " entries not idle for "
                    + Durations.format(planned.expiration()) + " within the wait, " + p.census().inTransaction() + " in ongoing transactions; " + summary
                    + restoreNote, figures);
        }
        if (short_.isEmpty()) {
            return Effect.effective(summary + restoreNote, figures);
        }
        return Effect.ineffective(summary + "; short on brokers " + short_ + ": " + String.join("; ", why(p, o, short_)) + restoreNote, figures);
    }

    /** Why the expected entries did not all go: each reason the facts support, never a guess. */
    private static List<String> why(Prepared p, Outcome o, List<Integer> short_) {
        List<String> reasons = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (int b : short_) {
            BrokerExpiry s = p.settings().get(b);
            if (o.waited().compareTo(p.needed().minus(p.minWait()).plus(s.passInterval()).plus(ExpireProducersStep.margin(s.passInterval()))) < 0) {
                notRun.add("broker " + b + " (pass every " + Durations.format(s.passInterval()) + ", waited " + Durations.format(o.waited()) + ")");
            }
        }
        if (!notRun.isEmpty()) {
            reasons.add("the expiry pass may not have run yet on " + String.join(", ", notRun));
        }
        o.census().ifPresent(c -> {
            if (c.writtenAgain() > 0) {
                reasons.add(c.writtenAgain() + " of the expected entries were written again during the wait: producers still writing keep their ids");
            }
            if (c.nowInTransaction() > 0) {
                reasons.add(c.nowInTransaction() + " of the expected entries are now in ongoing transactions, which never expire");
            }
            long idleLeft = c.expectedRemaining() - c.writtenAgain() - c.nowInTransaction();
            if (idleLeft > 0) {
                reasons.add(idleLeft + " expected entries are still there, idle and with no transaction: the brokers' pass has not removed them"
                        + (o.settled() ? "" : " within the wait of " + Durations.format(o.waited())));
            }
            long created = c.newPerBroker().values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (created > 0) {
                reasons.add("new producers were created during the wait (up to " + created + " entries a broker; counted, not held against the cure)");
            }
        });
        if (p.census().inTransaction() > 0) {
            String hanging = p.census().oldestTransactionWrite().map(t -> {
                long maxMs = p.settings().values().stream().flatMap(s -> s.transactionMaxTimeoutMs().stream()).max(Long::compare).orElse(900_000L);
                return Duration.between(t, p.census().at()).toMillis() > maxMs ? " (the oldest last wrote at " + t + ", longer ago than "
                        + ExpireProducersStep.TRANSACTION_MAX_TIMEOUT + " = " + maxMs + ": hanging)" : " (oldest last write " + t + ")";
            }).orElse("");
            reasons.add(p.census().inTransaction() + " entries were in ongoing transactions before the change and were never expected to expire"
                    + hanging + ", e.g. " + p.census().transactions().get(0));
        }
        if (reasons.isEmpty()) {
            reasons.add("the counts fell less than expected and the census could not say why");
        }
        return reasons;
    }
}
