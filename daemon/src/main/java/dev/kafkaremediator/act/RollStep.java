package dev.kafkaremediator.act;

import dev.kafkaremediator.act.RollJournal.BrokerProgress;
import dev.kafkaremediator.act.RollJournal.BrokerState;
import dev.kafkaremediator.config.RollSettings;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.CooldownGuard;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.plan.Planner;
import dev.kafkaremediator.guard.RollGuard;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.guard.Verdicts;
import dev.kafkaremediator.observe.ActiveProducer;
import dev.kafkaremediator.observe.BrokerSnapshot;
import dev.kafkaremediator.observe.Fact;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.PartitionSnapshot;
import dev.kafkaremediator.observe.SourceFailure;
import dev.kafkaremediator.time.BoundedWait.Poll;
import dev.kafkaremediator.time.Durations;
import dev.kafkaremediator.time.WaitTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * A guarded rolling restart of the planned brokers: one broker at a time, the active controller
 * (quorum leader) last, by the plan's one ordering rule ({@link Planner#controllerLast}) applied
 * again when the roll starts, since the controller may have moved since the plan.
 * Before each stop the can-roll check must pass several times in a row on fresh snapshots; after
 * each restart the broker must be registered, RUNNING (log recovery has its own long timeout) and
 * the cluster free of under-replicated partitions, each awaited with its own bound. The first
 * failure stops the roll and leaves the remaining brokers alone. Progress is journaled, so an
 * interrupted roll can be reported and resumed.
 */
public final class RollStep implements ActionStep<RollStep.Plan, RollJournal.Roll> {
    static final String KIND = "roll";
    static final String RESTART = "restart";
    /** A broker whose restart had begun when its roll was cut. */
    private static final java.util.Set<BrokerState> IN_FLIGHT = java.util.EnumSet.of(BrokerState.RESTARTING, BrokerState.STARTING,
            BrokerState.RECOVERING, BrokerState.IN_SYNC);

    /**
     * The order, each broker's can-roll verdicts now, the roll being resumed if any, and for a roll
     * that frees trimmed topics: their partitions never trimmed, and their producer-state entries now.
     */
    public record Plan(List<Integer> order, Map<Integer, List<Verdict>> verdicts, Optional<RollJournal.Roll> resuming, List<String> untrimmed,
                       long freesEntriesBefore) { }

    private final ActionContext context;
    private final BrokerRestarter command;
    private final RollJournal journal;
    private final Action.Roll planned;
    private final List<Integer> requested;
    private final boolean resume;
    private final RollSettings settings;

    /**
     * The planned roll; its progress is recorded broker by broker under the run's events. The context's
     * {@code stopping} is checked between brokers, the roll's safe points (a broker being restarted
     * is always seen through).
     */
    public RollStep(ActionContext context, Action.Roll planned) {
        this.context = context;
        this.command = context.clients().restarter();
        this.journal = context.clients().journal();
        this.planned = planned;
        this.requested = planned.brokers();
        this.resume = planned.resume();
        this.settings = context.cluster().roll();
    }

    /** Continuing a journaled roll does not count as another roll: it was counted when it started. */
    @Override
    public Optional<ActionLimits> limits() {
        return resume ? Optional.empty() : Optional.of(planned.limits());
    }

    /** One roll a cluster, whichever brokers it restarts. */
    @Override
    public String ledgerTarget() {
        return "cluster " + context.cluster().name();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String target() {
        return "cluster " + context.cluster().name() + (requested.isEmpty() ? "" : " brokers " + requested);
    }

    @Override
    public Plan prepare() throws ActionFailure {
        Optional<RollJournal.Roll> previous = journal.load(context.cluster().name());
        List<Integer> order;
        if (resume) {
            RollJournal.Roll roll = previous.filter(r -> r.status() != RollJournal.Status.DONE).orElseThrow(() -> new ActionFailure(
                    "no interrupted or failed roll of cluster " + context.cluster().name() + " to resume", false));
            order = roll.remaining();
        } else {
            order = order(requested.isEmpty() ? context.snapshot().brokers().stream().map(BrokerSnapshot::id).toList() : requested);
        }
        RollGuard.Inputs inputs = inputs(context.snapshot());
        Map<Integer, List<Verdict>> verdicts = new LinkedHashMap<>();
        for (int broker : order) {
            verdicts.put(broker, checks(broker, inputs));
        }
        List<String> untrimmed = new ArrayList<>();
        long entries = 0;
        if (!planned.freesTopics().isEmpty()) {
            try {
                List<TopicPartition> partitions = freedPartitions();
                context.reads().partitionOffsets(partitions, Optional.empty(), context.cluster().timeouts().admin()).forEach((tp, o) -> {
                    if (o.logStart() == 0 && o.end() > 0) {
                        untrimmed.add(tp + " (0 to " + o.end() + ")");
                    }
                });
                entries = entries(partitions);
                // Retention alone can move a log start: the trim itself must be on record, not only an offset that moved.
                if (context.ledger().runs(context.cluster().name(), TrimStep.KIND, TrimStep.target(planned.freesTopics()),
                        context.now().minus(Duration.ofDays(1))).isEmpty()) {
                    untrimmed.add("no trim of " + planned.freesTopics() + " in the last 24h");
                }
            } catch (SourceFailure e) {
                throw new ActionFailure("cannot read the offsets of the trimmed topics " + planned.freesTopics() + ": " + e.getMessage(), false, e);
            }
        }
        return new Plan(order, verdicts, resume ? previous : Optional.empty(), untrimmed, entries);
    }

    private List<TopicPartition> freedPartitions() {
        List<TopicPartition> out = new ArrayList<>();
        planned.freesTopics().forEach(topic -> context.snapshot().topic(topic).ifPresent(t -> t.partitions()
                .forEach(p -> out.add(new TopicPartition(topic, p.partition())))));
        return out;
    }

    /** Producer-state entries of the partitions, as their leaders report them now; -1 when a leader did not answer. */
    private long entries(List<TopicPartition> partitions) {
        long[] total = {0};
        boolean[] unknown = {false};
        context.reads().describeProducers(partitions, context.cluster().censusBatchSize(), context.cluster().timeouts().census(), (tp, f) -> {
            unknown[0] |= !f.isKnown();
            total[0] += f.optional().map(List::size).orElse(0);
        });
        return unknown[0] ? -1 : total[0];
    }

    /** The plan's rule with the quorum leader as it is now: the controller last. */
    List<Integer> order(List<Integer> brokers) throws ActionFailure {
        int leader = quorum().leaderId();
        return Planner.controllerLast(brokers, leader < 0 ? Optional.empty() : Optional.of(leader));
    }

    @Override
    public Map<String, Object> describe(Plan plan) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("order", plan.order());
        plan.resuming().ifPresent(r -> d.put("resuming", r.id() + " (started " + r.started() + ", stopped: " + r.note() + ")"));
        d.put("restartCommand", command.describe());
        d.put("preferredLeaderElection", planned.preferredLeaderElection());
        Map<String, Object> canRoll = new LinkedHashMap<>();
        plan.verdicts().forEach((b, vs) -> canRoll.put("broker " + b, vs.stream().map(Verdict::toString).toList()));
        d.put("canRollNow", canRoll);
        return d;
    }

    @Override
    public List<Verdict> guard(Plan plan) {
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(command.configured() ? Verdict.allow("restart-command", "configured: " + command.describe())
                : Verdict.refuse("restart-command", false, "no restart-command configured for cluster " + context.cluster().name()));
        verdicts.add(lockFree());
        Optional<BrokerProgress> first = plan.order().isEmpty() ? Optional.empty()
                : plan.resuming().map(r -> r.brokers().get(plan.order().get(0)));
        if (first.filter(p -> IN_FLIGHT.contains(p.state())).isPresent()) {
            // Its restart had begun: the first thing done is to see it through (or judge it), which changes nothing; every
            // restart after that waits for its own can-roll checks, on fresh snapshots, before the command runs.
            verdicts.add(Verdict.allow("in-flight", "broker " + plan.order().get(0) + " was " + first.get().state() + " since " + first.get().since()
                    + " when the roll was cut: judged from the broker itself first; can-roll checks before each restart"));
        } else if (!plan.order().isEmpty()) {
            verdicts.addAll(plan.verdicts().get(plan.order().get(0)));
        }
        if (!planned.freesTopics().isEmpty()) {
            // Restarts free a topic's producer state only once it is trimmed to its end (KIP-360); without the trim they cost an outage for nothing.
            verdicts.add(plan.untrimmed().isEmpty() ? Verdict.allow("trimmed-first", "every partition of " + planned.freesTopics() + " was trimmed")
                    : Verdict.refuse("trimmed-first", false, "the roll frees " + planned.freesTopics() + " only after they are trimmed to their end, "
                    + "and they were not: " + String.join(", ", plan.untrimmed().stream().limit(5).toList())));
        }
        return verdicts;
    }

    private Verdict lockFree() {
        try {
            Optional<AutoCloseable> lock = journal.tryLock(context.cluster().name());
            if (lock.isEmpty()) {
                return Verdict.refuse("one-roll", false, "another roll of cluster " + context.cluster().name() + " is in progress");
            }
            lock.get().close();
            return Verdict.allow("one-roll", "no other roll of this cluster");
        } catch (Exception e) {
            return Verdict.refuse("one-roll", false, "cannot check the roll lock: " + e.getMessage());
        }
    }

    @Override
    public RollJournal.Roll execute(Plan plan, ActionEvents events) throws ActionFailure {
        AutoCloseable lock = journal.tryLock(context.cluster().name()).orElseThrow(() -> new ActionFailure(
                "another roll of cluster " + context.cluster().name() + " started meanwhile", false));
        try (lock) {
            RollJournal.Roll roll = plan.resuming().map(this::resumed).orElseGet(() -> newRoll(plan.order()));
            journal.save(roll);
            for (int broker : plan.order()) {
                if (context.stopping().getAsBoolean()) {
                    roll = roll.finished(RollJournal.Status.STOPPED, "stopped at a safe point before broker " + broker
                            + " (remediator shutting down); continue with roll --resume");
                    journal.save(roll);
                    record(events, "roll-stopped", Map.of("before", broker, "why", "shutdown", "untouched", roll.remaining()));
                    return roll;
                }
                roll = rollOne(roll, broker, events);
                if (roll.status() == RollJournal.Status.FAILED) {
                    record(events, "roll-stopped", Map.of("broker", broker, "why", roll.note(), "untouched", roll.remaining().stream().filter(b -> b != broker)
                            .toList()));
                    return roll;
                }
            }
            roll = roll.finished(RollJournal.Status.DONE, "every broker restarted");
            journal.save(roll);
            return roll;
        } catch (LeaseLost e) {
            throw e.failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted: the journal says where the roll stood; resume with roll --resume", true, e);
        } catch (ActionFailure e) {
            throw e;
        } catch (Exception e) {
            throw new ActionFailure("roll of cluster " + context.cluster().name() + ": " + e.getMessage(), true, e);
        }
    }

    /** A roll taken up again is RUNNING once more, and says by whom: the instance and the lease token it goes on under. */
    private RollJournal.Roll resumed(RollJournal.Roll roll) {
        String by = context.lease().holder().isEmpty() ? "resumed" : "resumed by instance " + context.lease().holder()
                + context.lease().token().stream().mapToObj(t -> " under lease token " + t).findFirst().orElse("");
        return roll.finished(RollJournal.Status.RUNNING, by + " at " + context.now() + " (was " + roll.status()
                + (roll.note().isEmpty() ? "" : ": " + roll.note()) + ")");
    }

    private RollJournal.Roll newRoll(List<Integer> order) {
        Map<Integer, BrokerProgress> brokers = new LinkedHashMap<>();
        order.forEach(b -> brokers.put(b, new BrokerProgress(BrokerState.PENDING, context.now(), 0, "")));
        return new RollJournal.Roll("roll-" + UUID.randomUUID().toString().substring(0, 8), context.cluster().name(), context.now(), order, brokers,
                RollJournal.Status.RUNNING, "");
    }

    /** The lease was lost before a restart: the roll is the new holder's now, so this instance writes nothing more to its journal. */
    private static final class LeaseLost extends Exception {
        private final ActionFailure failure;

        LeaseLost(ActionFailure failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    private RollJournal.Roll rollOne(RollJournal.Roll roll, int broker, ActionEvents events) throws ActionFailure, InterruptedException, LeaseLost {
        BrokerProgress progress = roll.brokers().getOrDefault(broker, new BrokerProgress(BrokerState.PENDING, context.now(), 0, ""));
        BrokerState was = progress.state();
        int attempts = progress.attempts();
        // Interrupted once its restart command had returned: do not restart it again, see whether it came back.
        boolean restarted = was == BrokerState.STARTING || was == BrokerState.RECOVERING || was == BrokerState.IN_SYNC;
        try {
            if (was == BrokerState.RESTARTING) {
                // Interrupted around the restart command: whether it ran is the broker's to say, not the journal's.
                InterruptedRestart.Judgement judged = new InterruptedRestart(context).judge(broker, progress.since());
                record(events, "roll-judged", Map.of("broker", broker, "verdict", judged.verdict().name(), "why", judged.why()));
                if (judged.verdict() == InterruptedRestart.Verdict.DOWN) {
                    throw new ActionFailure("broker " + broker + " was being restarted when the roll was cut, and " + judged.why(), false);
                }
                restarted = judged.verdict() == InterruptedRestart.Verdict.RESTARTED;
            }
            // The attempt this is: the journaled one when its restart already happened, the next one otherwise.
            int attempt = restarted ? Math.max(attempts, 1) : attempts + 1;
            if (!restarted) {
                roll = step(roll, broker, BrokerState.CHECKING, attempts, "can-roll checks", events);
                String host = awaitCanRoll(broker, events);
                // Several remediators: still this instance's cluster (same fencing token) right before each restart. Lost, the
                // roll stops here without touching the journal again; the new holder finds it RUNNING and resumes it.
                try {
                    context.lease().confirm();
                } catch (ActionFailure lost) {
                    throw new LeaseLost(lost);
                }
                roll = step(roll, broker, BrokerState.RESTARTING, attempt, "restart command", events);
                context.ledger().record(context.cluster().name(), RESTART, "broker " + broker, context.now());
                BrokerRestarter.Outcome out = command.restart(broker, host, settings.restartTimeout());
                record(events, "roll-command", Map.of("broker", broker, "command", out.command(), "exitCode", out.exitCode(), "output", out.output(),
                        "durationMs", out.took().toMillis()));
            }
            roll = step(roll, broker, BrokerState.STARTING, attempt, "awaiting registration", events);
            await("broker " + broker + " to be registered again", settings.registrationTimeout(),
                    s -> s.membership().optional().map(m -> m.isRegistered(broker)).orElse(false));
            roll = step(roll, broker, BrokerState.RECOVERING, attempt, "awaiting RUNNING", events);
            await("broker " + broker + " to be RUNNING (log recovery is never interrupted)", settings.recoveryTimeout(),
                    s -> s.broker(broker).flatMap(b -> b.jmx().brokerState().optional()).map("RUNNING"::equals).orElse(false));
            roll = step(roll, broker, BrokerState.IN_SYNC, attempt, "awaiting no under-replicated partitions", events);
            await("no under-replicated partition in the cluster", settings.inSyncTimeout(), RollStep::allInSync);
            if (planned.preferredLeaderElection()) {
                try {
                    record(events, "roll-election", Map.of("broker", broker, "result", context.changes().electPreferredLeaders(context.cluster().timeouts().admin())));
                } catch (ActionFailure e) {
                    record(events, "roll-election", Map.of("broker", broker, "error", e.getMessage()));
                }
            }
            return step(roll, broker, BrokerState.DONE, attempt, "restarted and in sync", events);
        } catch (ActionFailure | WaitTimeoutException e) {
            RollJournal.Roll failed = roll.with(broker, new BrokerProgress(BrokerState.FAILED, context.now(), attempts + 1, e.getMessage()))
                    .finished(RollJournal.Status.FAILED, "broker " + broker + ": " + e.getMessage());
            journal.save(failed);
            record(events, "roll-broker", Map.of("broker", broker, "state", "FAILED", "why", e.getMessage()));
            return failed;
        }
    }

    /** The can-roll check must pass {@code stableChecks} times in a row; a failing check waits with backoff, bounded. Returns the broker's host. */
    private String awaitCanRoll(int broker, ActionEvents events) throws ActionFailure, InterruptedException, WaitTimeoutException {
        int[] passes = {0};
        String[] host = {null};
        List<Verdict> last = new ArrayList<>();
        try {
            context.waiter().until("broker " + broker + " to pass the can-roll check " + settings.stableChecks() + " times in a row",
                    settings.canRollTimeout(), settings.checkInterval(), () -> {
                        ClusterSnapshot s = context.fresh().get();
                        List<Verdict> verdicts = checks(broker, inputs(s));
                        last.clear();
                        last.addAll(verdicts);
                        Optional<Verdict> blocking = new Verdicts(verdicts).blocking(false);
                        if (blocking.isPresent()) {
                            passes[0] = 0;
                            return Poll.notYet(blocking.get().toString());
                        }
                        host[0] = s.membership().optional().map(m -> m.registeredBrokerHosts().get(broker)).orElse(null);
                        passes[0]++;
                        return passes[0] >= settings.stableChecks() && host[0] != null ? Poll.done(host[0]) : Poll.notYet("passed " + passes[0] + " times");
                    });
        } catch (WaitTimeoutException e) {
            throw new ActionFailure("can-roll check for broker " + broker + " did not pass within " + Durations.format(settings.canRollTimeout()) + ": "
                    + e.lastObserved(), false);
        } catch (RuntimeException e) {
            throw new ActionFailure("can-roll check for broker " + broker + " failed: " + e.getMessage(), false, e);
        }
        record(events, "roll-checked", Map.of("broker", broker, "verdicts", last.stream().map(Verdict::toString).toList()));
        return host[0];
    }

    private List<Verdict> checks(int broker, RollGuard.Inputs inputs) {
        List<Verdict> verdicts = new ArrayList<>(RollGuard.canRoll(broker, inputs));
        verdicts.add(new CooldownGuard(context.ledger()).check(context.cluster().name(), RESTART, "broker " + broker,
                new ActionLimits(true, Duration.ZERO, settings.maxRestartsPerDay()), context.now()));
        return verdicts;
    }

    private RollGuard.Inputs inputs(ClusterSnapshot s) {
        try {
            return new RollGuard.Inputs(s, context.reads().reassignmentsInProgress(context.cluster().timeouts().admin()), quorum());
        } catch (SourceFailure | ActionFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private dev.kafkaremediator.observe.ControllerQuorum quorum() throws ActionFailure {
        try {
            return context.reads().controllerQuorum(context.cluster().timeouts().admin());
        } catch (SourceFailure e) {
            throw new ActionFailure("cannot describe the controller quorum: " + e.getMessage(), false, e);
        }
    }

    private void await(String what, Duration timeout, java.util.function.Predicate<ClusterSnapshot> done) throws WaitTimeoutException, InterruptedException {
        context.waiter().until(what, timeout, settings.checkInterval(), () -> done.test(context.fresh().get()) ? Poll.done(Boolean.TRUE) : Poll.notYet("not yet"));
    }

    private static boolean allInSync(ClusterSnapshot s) {
        return s.topics().optional().map(ts -> ts.stream().allMatch(t -> t.partitions().stream().noneMatch(PartitionSnapshot::underReplicated)
                && t.partitions().stream().noneMatch(PartitionSnapshot::offline))).orElse(false);
    }

    private RollJournal.Roll step(RollJournal.Roll roll, int broker, BrokerState state, int attempts, String note, ActionEvents events) throws ActionFailure {
        RollJournal.Roll next = roll.with(broker, new BrokerProgress(state, context.now(), attempts, note));
        journal.save(next);
        record(events, "roll-broker", Map.of("broker", broker, "state", state.name(), "note", note));
        return next;
    }

    private static void record(ActionEvents events, String event, Map<String, Object> details) throws ActionFailure {
        Map<String, Object> all = new LinkedHashMap<>(details);
        events.record(event, all);
    }

    @Override
    public Map<String, Object> describeResult(RollJournal.Roll roll) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("roll", roll.id());
        d.put("status", roll.status().name());
        d.put("note", roll.note());
        Map<String, Object> brokers = new LinkedHashMap<>();
        roll.brokers().forEach((b, p) -> brokers.put("broker " + b, p.state().name() + (p.note().isEmpty() ? "" : ": " + p.note())));
        d.put("brokers", brokers);
        return d;
    }

    @Override
    public Effect verify(Plan plan, RollJournal.Roll roll) {
        Map<String, Object> figures = new LinkedHashMap<>(Map.of("roll", roll.id(), "order", roll.order()));
        if (roll.status() != RollJournal.Status.DONE) {
            return Effect.ineffective("roll stopped: " + roll.note() + "; remaining brokers untouched: " + roll.remaining(), figures);
        }
        String restarted = "restarted " + plan.order() + " one at a time, every partition in sync after each";
        if (planned.freesTopics().isEmpty()) {
            return Effect.effective(restarted, figures);
        }
        long left = entries(freedPartitions());
        figures.put("freedTopics", planned.freesTopics());
        figures.put("producerEntriesBefore", plan.freesEntriesBefore());
        figures.put("producerEntriesAfter", left);
        if (left < 0) {
            return Effect.unknown(restarted + "; the producer state of " + planned.freesTopics() + " could not be read back", figures);
        }
        return left == 0 ? Effect.effective(restarted + "; the producer state of " + planned.freesTopics() + " is gone: " + plan.freesEntriesBefore()
                + " entries before, 0 after", figures)
                : Effect.ineffective(restarted + "; " + left + " producer-state entries of " + planned.freesTopics() + " remain (" + plan.freesEntriesBefore()
                + " before): written since the trim, or a replica not restarted", figures);
    }
}
