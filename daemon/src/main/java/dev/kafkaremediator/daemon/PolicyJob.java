package dev.kafkaremediator.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job that evaluates one policy on one cluster, on the policy's own schedule. */
@DisallowConcurrentExecution
final class PolicyJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyJob.class);

    private final ClusterWatch watch;
    private final String policy;
    private final PolicyRegistry policies;

    PolicyJob(ClusterWatch watch, String policy, PolicyRegistry policies) {
        this.watch = watch;
        this.policy = policy;
        this.policies = policies;
    }

    @Override
    public void execute(JobExecutionContext context) {
        try {
            // A reload may have removed the policy between the trigger firing and now.
            policies.current().policy(policy).ifPresent(watch::evaluate);
        } catch (RuntimeException e) {
            LOG.error("cluster={} policy={} evaluation failed", watch.cluster(), policy, e);
        }
    }
}
