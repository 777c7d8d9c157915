package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.observe.BrokerConfigEntry;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.time.BoundedWait.Poll;
import dev.kafkaremediator.time.Durations;
import dev.kafkaremediator.time.WaitTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The least destructive cure (KIP-854, Kafka 3.4+): lower {@code producer.id.expiration.ms} so
 * idle producer ids expire at the brokers' next expiry pass, keep it until that pass has run on
 * every broker, then restore exactly what was there. The timing comes from the brokers: each runs
 * its pass every {@code producer.id.expiration.check.interval.ms} (10 minutes by Kafka's default,
 * static, on a timer from the broker's start), so the lowered value stays in force for at least the
 * slowest broker's interval plus a margin and until the counts stopped falling; restoring earlier
 * leaves entries behind for good (measured: 24% of 1,500,000 with a 10 s interval). The value is
 * changed where it is in force: a per-broker override wins over the cluster default. Before acting
 * the leaders' producer state says how many entries the new value frees on each broker; after, the
 * same count says whether they went, and if not, why: the pass has not run, an ongoing transaction,
 * a producer still writing.
 */
public final class ExpireProducersStep implements ActionStep<ExpireProducersStep.Prepared, ExpireProducersStep.Outcome> {
    static final String KIND = "expire-producers";
    public static final String CONFIG = "producer.id.expiration.ms";
    public static final String CHECK_INTERVAL = "producer.id.expiration.check.interval.ms";
    static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";
    /** The audit event recorded once the value is lowered, with {@link #RESTORE_TO}: what to put back ("" for nothing). */
    public static final String LOWERED = "expiry-lowered";
    public static final String RESTORE_TO = "restoreTo";
    /** Kafka's default check interval (TransactionLogConfig), used when a broker does not report it. */
    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(10);

    /** One broker's expiry settings as it reported them. */
    public record BrokerExpiry(int broker, Optional<BrokerConfigEntry> expiration, Optional<BrokerConfigEntry> checkInterval,
                               Optional<Long> transactionMaxTimeoutMs) {
        Duration passInterval() {
            return checkInterval.flatMap(BrokerConfigEntry::asLong).map(Duration::ofMillis).orElse(DEFAULT_CHECK_INTERVAL);
        }

        boolean override() {
            return expiration.map(BrokerConfigEntry::perBrokerOverride).orElse(false);
        }
    }

    public record Prepared(List<Integer> brokers, List<Integer> unsupported, Optional<String> previousDefault, Map<Integer, BrokerExpiry> settings,
                           Map<Integer, Long> before, ExpiryCensus census, Map<TopicPartition, List<Integer>> replicas, Duration minWait,
                           Duration needed, Duration await) {
        public long totalBefore() {
            return before.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Brokers with a per-broker override of the expiration, and its value: they are changed and restored at that level. */
        Map<Integer, Optional<String>> overrides() {
            Map<Integer, Optional<String>> out = new TreeMap<>();
            settings.values().stream().filter(BrokerExpiry::override).forEach(s -> out.put(s.broker(), s.expiration().flatMap(BrokerConfigEntry::value)));
            return out;
        }
    }

    public record Outcome(Map<Integer, Long> after, boolean settled, Duration waited, Optional<ExpiryCensus.After> census, List<String> restored,
                          boolean restoreFailed) { }

    private final ActionContext context;
    private final Action.ExpireProducers planned;

    public ExpireProducersStep(ActionContext context, Action.ExpireProducers planned) {
        this.context = context;
        this.planned = planned;
    }

    @Override
    public Optional<ActionLimits> limits() {
        return Optional.of(planned.limits());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String target() {
        return "cluster " + context.cluster().name();
    }

    /** A pass a broker started just before the change may still be walking its partitions: wait a margin past the interval. */
    static Duration margin(Duration interval) {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(10)) > 0 ? tenth : Duration.ofSeconds(10);
    }

    @Override
    public Prepared prepare() throws ActionFailure {
        List<Integer> brokers = context.snapshot().brokers().stream().filter(BrokerSnapshot::registered).map(BrokerSnapshot::id).toList();
        if (brokers.isEmpty()) {
            throw new ActionFailure("no registered broker in cluster " + context.cluster().name(), false);
        }
        Duration timeout = context.cluster().timeouts().admin();
        try {
            List<Integer> unsupported = new ArrayList<>();
            Map<Integer, BrokerExpiry> settings = new TreeMap<>();
            Map<Integer, Map<String, BrokerConfigEntry>> all = context.reads().brokerConfigs(brokers, Set.of(CONFIG, CHECK_INTERVAL,
                    TRANSACTION_MAX_TIMEOUT), timeout);
            for (int id : brokers) {
                Map<String, BrokerConfigEntry> configs = all.getOrDefault(id, Map.of());
                if (!configs.containsKey(CONFIG)) {
                    unsupported.add(id);
                }
                settings.put(id, new BrokerExpiry(id, Optional.ofNullable(configs.get(CONFIG)), Optional.ofNullable(configs.get(CHECK_INTERVAL)),
                        Optional.ofNullable(configs.get(TRANSACTION_MAX_TIMEOUT)).flatMap(BrokerConfigEntry::asLong)));
            }
            Duration slowest = settings.values().stream().map(BrokerExpiry::passInterval).max(Duration::compareTo).orElse(DEFAULT_CHECK_INTERVAL);
            Duration minWait = slowest.plus(margin(slowest));
            Duration await = planned.await().orElse(slowest.multipliedBy(2).plus(margin(slowest)));
            Map<TopicPartition, List<Integer>> replicas = replicas();
            // Entries that become expirable by the time the last pass within the wait can still run are expected too.
            Duration horizon = await.compareTo(minWait) > 0 ? await.minus(minWait) : Duration.ZERO;
            Instant at = context.now();
            ExpiryCensus.Tally tally = new ExpiryCensus.Tally(at, planned.expiration(), horizon, replicas);
            context.reads().describeProducers(replicas.keySet(), context.cluster().censusBatchSize(), context.cluster().timeouts().census(),
                    tally::accept);
            ExpiryCensus census = tally.result();
            Duration untilLastExpirable = Duration.between(at, census.latestExpirable());
            Duration needed = untilLastExpirable.plus(minWait).compareTo(minWait) > 0 ? untilLastExpirable.plus(minWait) : minWait;
            return new Prepared(brokers, unsupported, context.reads().clusterDefault(CONFIG, timeout), settings, counts(brokers), census, replicas,
                    minWait, needed, await);
        } catch (SourceFailure e) {
            throw new ActionFailure(e.getMessage(), false, e);
        }
    }

    private Map<TopicPartition, List<Integer>> replicas() {
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        for (TopicSnapshot t : context.snapshot().topics().optional().orElse(List.of())) {
            t.partitions().forEach(p -> out.put(new TopicPartition(t.name(), p.partition()), p.replicas()));
        }
        return out;
    }

    private Map<Integer, Long> counts(List<Integer> brokers) throws ActionFailure {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int id : brokers) {
            try {
                Long count = context.jmx().read(JmxEndpoints.of(context, id), context.cluster().timeouts().jmx()).producerIdCount().optional()
                        .orElseThrow(() -> new ActionFailure("broker " + id + " does not report ProducerIdCount (KIP-847)", false));
                counts.put(id, count);
            } catch (SourceFailure e) {
                throw new ActionFailure("cannot read ProducerIdCount of broker " + id + ": " + e.getMessage(), false, e);
            }
        }
        return counts;
    }

    @Override
    public Map<String, Object> describe(Prepared p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("config", CONFIG);
        d.put("value", String.valueOf(planned.expiration().toMillis()));
        d.put("previous", p.previousDefault().orElse("(no cluster default: the brokers' static value)"));
        if (!p.overrides().isEmpty()) {
            Map<String, Object> overrides = new LinkedHashMap<>();
            p.overrides().forEach((b, v) -> overrides.put("broker " + b, v.orElse("(none)")));
            d.put("perBrokerOverrides", overrides);
            d.put("overrideNote", "these brokers' own value wins over the cluster default: it is changed and restored on each of them");
        }
        Map<String, Object> intervals = new LinkedHashMap<>();
        p.settings().values().forEach(s -> intervals.put("broker " + s.broker(), s.checkInterval().map(BrokerConfigEntry::toString)
                .orElse(CHECK_INTERVAL + " not reported: Kafka's default " + DEFAULT_CHECK_INTERVAL.toMillis() + " assumed")));
        d.put("expiryPass", intervals);
        d.put("keptAtLeast", Durations.format(p.needed()) + " unless every broker has freed what is expected sooner (the slowest broker's pass "
                + "interval and a margin" + (p.needed().compareTo(p.minWait()) > 0 ? ", after the last expected entry becomes expirable)" : ")"));
        d.put("await", Durations.format(p.await()) + planned.await().map(a -> "").orElse(" (auto: twice the slowest pass interval and a margin)"));
        d.put("restore", planned.restore());
        d.put("producerIdsBefore", p.before());
        d.put("expectedToFree", p.census().expectedPerBroker());
        d.put("expectedNote", p.census().expectedTotal() + " entries idle for more than " + Durations.format(planned.expiration())
                + (p.census().horizon().isZero() ? "" : " within " + Durations.format(p.census().horizon())) + " if they do not write again, with no "
                + "ongoing transaction (leaders' view, counted on every replica); " + p.census().recent() + " written more recently stay; "
                + p.census().inTransaction() + " in ongoing transactions never expire");
        if (!p.census().transactions().isEmpty()) {
            d.put("ongoingTransactions", p.census().transactions());
        }
        if (!p.census().unknown().isEmpty()) {
            d.put("censusUnknown", p.census().unknown().size() + " partitions did not answer, e.g. " + p.census().unknown().get(0));
        }
        return d;
    }

    @Override
    public List<Verdict> guard(Prepared p) {
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(p.unsupported().isEmpty() ? Verdict.allow("broker-support", "every broker knows " + CONFIG)
                : Verdict.refuse("broker-support", false, "brokers " + p.unsupported() + " do not expose " + CONFIG + " (Kafka before 3.4, KIP-854)"));
        Duration floor = planned.floor();
        verdicts.add(planned.expiration().compareTo(floor) >= 0 ? Verdict.allow("expiration-floor", "expiration " + Durations.format(planned.expiration())
                + " is at least the floor " + Durations.format(floor))
                : Verdict.refuse("expiration-floor", true, "expiration " + planned.expiration().toMillis() + " ms is below " + floor.toMillis()
                + " ms: producers retry for up to delivery.timeout.ms (2 minutes by default), and an id that expires while its producer retries "
                + "can let the retry be written twice"));
        verdicts.add(p.await().compareTo(p.minWait()) >= 0 ? Verdict.allow("await-covers-pass", "await " + Durations.format(p.await())
                + " covers one expiry pass of every broker (" + Durations.format(p.minWait()) + ")")
                : Verdict.refuse("await-covers-pass", false, "await " + Durations.format(p.await()) + " is shorter than one expiry pass of every broker "
                + "and a margin (" + Durations.format(p.minWait()) + ", from " + CHECK_INTERVAL + " " + slowestText(p)
                + "): nothing would be freed before the value is restored; use await = auto or at least " + Durations.format(p.minWait())));
        return verdicts;
    }

    private static String slowestText(Prepared p) {
        return p.settings().values().stream().max((a, b) -> a.passInterval().compareTo(b.passInterval()))
                .map(s -> "of broker " + s.broker() + " = " + s.passInterval().toMillis() + s.checkInterval().map(c -> " (" + c.source() + ")")
                        .orElse(" (assumed)")).orElse("");
    }

    @Override
    public Outcome execute(Prepared p, ActionEvents events) throws ActionFailure {
        Duration timeout = context.cluster().timeouts().admin();
        String value = String.valueOf(planned.expiration().toMillis());
        Instant changed = context.now();
        Map<Integer, Optional<String>> overrides = p.overrides();
        List<Integer> overridden = new ArrayList<>(overrides.keySet());
        // What is about to change and what to put back, machine-readable, before the change: a remediator killed from here on
        // (or a change whose answer timed out) is restored at the next start, where the value is still the one set here.
        Map<String, Object> lowered = new LinkedHashMap<>();
        lowered.put("value", value);
        lowered.put("brokerOverrides", overridden);
        lowered.put("keepAtLeast", Durations.format(p.needed()));
        lowered.put("atMost", Durations.format(p.await()));
        if (planned.restore()) {
            Map<String, String> brokers = new TreeMap<>();
            overridden.forEach(b -> brokers.put(String.valueOf(b), overrides.get(b).orElse("")));
            lowered.put(RESTORE_TO, Map.of("cluster", p.previousDefault().orElse(""), "brokers", brokers));
        }
        events.record(LOWERED, lowered);
        boolean settled = false;
        Map<Integer, Long> after = p.before();
        Optional<ExpiryCensus.After> census = Optional.empty();
        List<String> restored = new ArrayList<>();
        boolean restoreFailed = false;
        try {
            context.changes().setClusterDefault(CONFIG, Optional.of(value), timeout);
            for (int broker : overridden) {
                context.changes().setBrokerConfig(broker, CONFIG, Optional.of(value), timeout);
            }
            try {
                after = awaitPasses(p, changed);
                settled = true;
            } catch (WaitTimeoutException e) {
                after = counts(p.brokers());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                ExpiryCensus.Comparison comparison = p.census().comparison(p.replicas());
                context.reads().describeProducers(p.replicas().keySet(), context.cluster().censusBatchSize(), context.cluster().timeouts().census(),
                        comparison::accept);
                census = Optional.of(comparison.result());
            } catch (RuntimeException e) {
                census = Optional.empty(); // the diagnosis is poorer, the cure unchanged
            }
        } finally {
            // Restore even when the wait ran out or was interrupted: the short expiry must not outlive the action.
            if (planned.restore()) {
                for (int broker : overridden) {
                    try {
                        context.changes().setBrokerConfig(broker, CONFIG, overrides.get(broker), timeout);
                        restored.add("broker " + broker + ": " + overrides.get(broker).orElse("(override removed)"));
                    } catch (ActionFailure e) {
                        restoreFailed = true;
                        restored.add("broker " + broker + ": NOT restored to " + overrides.get(broker).orElse("(none)") + ": " + e.getMessage());
                    }
                }
                context.changes().setClusterDefault(CONFIG, p.previousDefault(), timeout);
                restored.add("cluster default: " + p.previousDefault().orElse("(removed)"));
            }
        }
        return new Outcome(after, settled, Duration.between(changed, context.now()), census, restored, restoreFailed);
    }

    /**
     * Until every broker's pass has run after the change (the slowest interval and a margin) and
     * each broker has freed what was expected of it or its count has stopped falling.
     */
    private Map<Integer, Long> awaitPasses(Prepared p, Instant changed) throws ActionFailure, WaitTimeoutException, InterruptedException {
        Duration fastest = p.settings().values().stream().map(BrokerExpiry::passInterval).min(Duration::compareTo).orElse(DEFAULT_CHECK_INTERVAL);
        Duration poll = fastest.dividedBy(10).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                : fastest.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : fastest.dividedBy(10);
        Duration steady = poll.multipliedBy(2);
        Map<Integer, Long> last = new TreeMap<>(p.before());
        Map<Integer, Instant> lastChange = new TreeMap<>();
        p.brokers().forEach(b -> lastChange.put(b, changed));
        return context.waiter().until("every broker's expiry pass to run after the change and its ProducerIdCount to stop falling", p.await(), poll, () -> {
            Map<Integer, Long> now = counts(p.brokers());
            Instant t = context.now();
            now.forEach((b, n) -> {
                if (!n.equals(last.get(b))) {
                    lastChange.put(b, t);
                    last.put(b, n);
                }
            });
            // Never before every broker's pass has run once after the change, and only once the counts stopped falling; then as soon as
            // every broker freed what was expected of it, or once the passes that can free the last expected entry have run.
            boolean passedOnce = !t.isBefore(changed.plus(p.minWait()));
            boolean steadyEverywhere = p.brokers().stream().allMatch(b -> !t.isBefore(lastChange.get(b).plus(steady)));
            boolean freed = p.census().expectedTotal() > 0 && p.brokers().stream().allMatch(b -> ExpiryEffect.freedEnough(p, b, now.get(b), 0));
            boolean done = passedOnce && steadyEverywhere && (freed || !t.isBefore(changed.plus(p.needed())));
            return done ? Poll.done(now) : Poll.notYet("since the change " + Durations.format(Duration.between(changed, t)) + " of at least "
                    + Durations.format(p.needed()) + "; counts " + now + ", before " + p.before());
        });
    }

    @Override
    public Map<String, Object> describeResult(Outcome o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("producerIdsAfter", o.after());
        d.put("settled", o.settled());
        d.put("waitedMs", o.waited().toMillis());
        d.put(CONFIG, planned.restore() ? o.restored() : List.of("kept at " + planned.expiration().toMillis()));
        o.census().ifPresent(c -> {
            d.put("newEntriesDuringWait", c.newPerBroker());
            d.put("expectedStillThere", c.expectedRemaining());
        });
        return d;
    }

    @Override
    public Effect verify(Prepared p, Outcome o) {
        return ExpiryEffect.of(p, o, planned);
    }
}
