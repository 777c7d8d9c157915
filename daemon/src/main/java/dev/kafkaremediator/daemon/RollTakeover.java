package dev.kafkaremediator.daemon;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionFactory;
import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.act.ActionStep;
import dev.kafkaremediator.act.ClusterLease;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.act.RunResult;
import dev.kafkaremediator.audit.AuditLog;
import dev.kafkaremediator.audit.AuditingEvents;
import dev.kafkaremediator.config.policy.ActionDefaults;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.plan.Action;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several remediators as one (#15): what this instance does, when it starts or takes a cluster
 * over, with a roll its journal shows unfinished. A RUNNING roll whose roll lock is free lost its
 * runner (killed, or its host gone: the lock is a database session's, released with it), so this
 * instance, holding the cluster's lease now, resumes it through the same roll and runner as
 * {@code roll --resume}: a broker caught mid-restart is judged from its own start time and never
 * restarted twice, every further restart waits for its can-roll checks, the lease is confirmed
 * before each, and the journal and audit carry this instance and its token. A STOPPED or FAILED
 * roll stopped for a reason (a shutdown, a broker that did not come back): it stays for an operator.
 */
final class RollTakeover {
    private static final Logger LOG = LoggerFactory.getLogger(RollTakeover.class);
    static final String ACTOR = Remediation.DAEMON + " (roll takeover)";

    /** What the journal and the roll lock say to do. */
    enum Decision {
        /** No roll, or it finished. */
        NOTHING,
        /** Stopped or failed: reported, with how to go on by hand. */
        REPORT,
        /** Running, and its runner still holds the roll lock: its to finish. */
        RUNNING_ELSEWHERE,
        /** Running, and nobody holds its lock: its runner is gone; ours to resume. */
        RESUME
    }

    private final String cluster;
    private final RollJournal journal;
    private final Supplier<ClusterLeases> leases;
    private final Function<ClusterLease, ActionContext> contexts;
    private final AuditLog audit;
    private final Clock clock;

    /** {@code contexts}: what the resumed roll works with, under the lease given; {@code leases}: the daemon's, asked again right before. */
    RollTakeover(String cluster, RollJournal journal, Supplier<ClusterLeases> leases, Function<ClusterLease, ActionContext> contexts, AuditLog audit,
                 Clock clock) {
        this.cluster = cluster;
        this.journal = journal;
        this.leases = leases;
        this.contexts = contexts;
        this.audit = audit;
        this.clock = clock;
    }

    static Decision decide(Optional<RollJournal.Roll> roll, boolean lockFree) {
        if (roll.isEmpty() || roll.get().status() == RollJournal.Status.DONE) {
            return Decision.NOTHING;
        }
        if (roll.get().status() != RollJournal.Status.RUNNING) {
            return Decision.REPORT;
        }
        return lockFree ? Decision.RESUME : Decision.RUNNING_ELSEWHERE;
    }

    /** Looks at the journal and does what {@link #decide} says; never throws (a failure is logged, and the roll stays journaled). */
    void run() {
        try {
            Optional<RollJournal.Roll> roll = journal.load(cluster);
            Decision decision = decide(roll, roll.map(r -> r.status() == RollJournal.Status.RUNNING).orElse(false) && lockFree());
            switch (decision) {
                case NOTHING -> { }
                case REPORT -> report(roll.get(), roll.get().status() + (roll.get().note().isEmpty() ? "" : ": " + roll.get().note()));
                case RUNNING_ELSEWHERE -> LOG.info("cluster={} roll {} is running and its roll lock is held (another instance, or an on-call roll): "
                        + "left to its runner", cluster, roll.get().id());
                case RESUME -> resume(roll.get());
                default -> throw new IllegalStateException("unexpected " + decision);
            }
        } catch (ActionFailure e) {
            LOG.warn("cluster={} unfinished roll not checked: {}", cluster, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("cluster={} interrupted while resuming a roll; the journal says where it stands", cluster);
        } catch (RuntimeException e) {
            LOG.error("cluster={} resuming an unfinished roll failed; the journal says where it stands", cluster, e);
        }
    }

    private boolean lockFree() throws ActionFailure {
        Optional<AutoCloseable> lock = journal.tryLock(cluster);
        if (lock.isEmpty()) {
            return false;
        }
        try {
            lock.get().close();
        } catch (Exception e) {
            LOG.debug("cluster={} roll lock: {}", cluster, e.getMessage());
        }
        return true;
    }

    private void resume(RollJournal.Roll roll) throws InterruptedException {
        ClusterLeases.Attempt attempt = leases.get().acquire(cluster);
        if (attempt instanceof ClusterLeases.Busy busy) {
            LOG.info("cluster={} roll {} is unfinished but the cluster is {}'s (token {}) until {}: left to it", cluster, roll.id(), busy.holder(),
                    busy.token(), busy.until());
            return;
        }
        ClusterLease lease = ((ClusterLeases.Held) attempt).lease();
        ActionContext context = contexts.apply(lease);
        LOG.warn("cluster={} roll {} (started {}) was cut while running, brokers not done: {}; its runner is gone: resuming it here{}", cluster,
                roll.id(), roll.started(), roll.remaining(), lease.token().stream().mapToObj(t -> " under lease token " + t).findFirst().orElse(""));
        Action.Roll action = new Action.Roll(cluster, List.of(), true, context.cluster().roll().preferredLeaderElection(), ActionDefaults.limits("roll"),
                "resumed: roll " + roll.id() + " lost its runner");
        for (ActionStep<?, ?> step : ActionFactory.steps(action, context)) {
            AuditingEvents events = new AuditingEvents(audit, clock, "act-" + UUID.randomUUID().toString().substring(0, 8), cluster, ACTOR, false,
                    new AuditingEvents.Cause("roll " + roll.id(), Optional.empty(), Optional.of("running when its runner stopped; resumed by the "
                            + "instance that holds the cluster now")));
            RunResult result = context.runner().run(step, ActionRunner.Mode.daemon(false), events);
            switch (result.status()) {
                case DONE -> LOG.info("cluster={} roll {} resumed (audit id {}): {}", cluster, roll.id(), events.actionId(),
                        result.effect().map(e -> e.outcome() + ": " + e.summary()).orElse(""));
                case REFUSED -> report(roll, "resuming it was refused by guard " + result.refusedBy().map(v -> v.guard() + ": " + v.reasons()).orElse(""));
                default -> report(roll, "resuming it ended " + result.status() + ": " + result.failure().orElse(""));
            }
        }
    }

    private void report(RollJournal.Roll roll, String why) {
        LOG.warn("cluster={} roll {} (started {}) did not finish: {}; brokers not done: {}; continue it with: remediator roll --cluster {} --resume "
                + "--reason ...", cluster, roll.id(), roll.started(), why, roll.remaining(), cluster);
    }
}
