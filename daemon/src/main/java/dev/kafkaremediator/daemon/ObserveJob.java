package dev.kafkaremediator.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job that observes one cluster. Never twice at once for one cluster; a slow cluster delays only itself. */
@DisallowConcurrentExecution
final class ObserveJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(ObserveJob.class);

    private final ClusterWatch watch;

    ObserveJob(ClusterWatch watch) {
        this.watch = watch;
    }

    @Override
    public void execute(JobExecutionContext context) {
        try {
            watch.observeOnce();
        } catch (RuntimeException e) {
            if (watch.abandoned()) {
                LOG.debug("cluster={} observation abandoned: the remediator is stopping", watch.cluster());
                return;
            }
            // A bug in one observation must not unschedule the cluster: log it, try again next time.
            LOG.error("cluster={} observation failed", watch.cluster(), e);
        }
    }
}
