package dev.kafkaremediator.daemon;

import dev.kafkaremediator.lease.ClusterLeases;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several remediators as one: the single Quartz job of one cluster in the clustered job store. It
 * takes (or extends) the cluster's lease, then observes and evaluates the policies due, on one
 * instance. One job rather than an observe job and a job per policy, because Quartz hands each
 * firing to whichever instance asks first: separate jobs would observe on one instance and
 * evaluate on another, against a snapshot it never took. {@link DisallowConcurrentExecution} holds
 * across the cluster of schedulers (the trigger is blocked in the database while it runs).
 *
 * <p>The lease lives as long as the run and is released at its end. Quartz cannot be told which
 * instance fires a trigger; it usually stays with the instance that ran it last (that one's
 * scheduler thread is woken when the job ends), but under load another may ask first. A lease kept
 * between runs would make that firing find the cluster busy and skip it, and the cluster would go
 * unobserved until the lease ran out. Released, the firing runs wherever it lands: the state lives in
 * the shared store, and an instance that was not the last to run the cluster reloads what it caches
 * ({@link ClusterWatch#tookOver}) under a new fencing token.
 */
@DisallowConcurrentExecution
final class ClusterJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJob.class);

    private final ClusterWatch watch;
    private final ClusterLeases leases;
    private final PolicyRegistry policies;
    private final DuePolicies due;
    private final Clock clock;

    ClusterJob(ClusterWatch watch, ClusterLeases leases, PolicyRegistry policies, DuePolicies due, Clock clock) {
        this.watch = watch;
        this.leases = leases;
        this.policies = policies;
        this.due = due;
        this.clock = clock;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String cluster = watch.cluster();
        ClusterLeases.Attempt attempt;
        try {
            attempt = leases.acquire(cluster);
        } catch (RuntimeException e) {
            // Without the lease nobody may act; observing alone would still feed a history another instance also writes.
            LOG.warn("cluster={} not observed nor evaluated this time: its lease cannot be taken: {}", cluster, e.getMessage());
            return;
        }
        if (attempt instanceof ClusterLeases.Busy busy) {
            LOG.debug("cluster={} held by {} (token {}) until {}; nothing to do here", cluster, busy.holder(), busy.token(), busy.until());
            // Its holder keeps its alerts firing; re-sending them here could re-open one the holder has just resolved.
            watch.forgetAlerts();
            return;
        }
        ClusterLeases.Held held = (ClusterLeases.Held) attempt;
        if (held.takenOver()) {
            held.lease().token().ifPresent(token -> LOG.info("cluster={} lease taken by instance {} (token {}): observed, evaluated and acted on here",
                    cluster, held.lease().holder(), token));
            watch.tookOver();
            due.reload();
            // Its notifying findings fire from here now, until their policies are evaluated here (an hourly one may be an hour away).
            watch.restoreAlerts(policies.current());
        }
        try {
            run(held);
        } finally {
            leases.release(cluster, watch.lastReachable());
        }
    }

    private void run(ClusterLeases.Held held) {
        String cluster = watch.cluster();
        try (AutoCloseable renewing = leases.renewWhileRunning(cluster); AutoCloseable clients = watch.inUse()) {
            observe();
            if (watch.abandoned()) {
                return;
            }
            for (var policy : due.due(policies.current().policies().stream().filter(p -> p.appliesTo(cluster)).toList(), clock.instant())) {
                try {
                    watch.evaluate(policy, held.lease());
                } catch (RuntimeException e) {
                    LOG.error("cluster={} policy={} evaluation failed", cluster, policy.name(), e);
                }
            }
        } catch (Exception e) {
            LOG.error("cluster={} run failed", cluster, e);
        } finally {
            // Its evaluations are done; the next run observes again, here or on another instance.
            watch.forgetSnapshot();
        }
    }

    private void observe() {
        try {
            watch.observeOnce();
        } catch (RuntimeException e) {
            if (!watch.abandoned()) {
                // A bug in one observation must not unschedule the cluster: log it, try again next time.
                LOG.error("cluster={} observation failed", watch.cluster(), e);
            }
        }
    }
}
