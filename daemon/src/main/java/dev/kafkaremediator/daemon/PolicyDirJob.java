package dev.kafkaremediator.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Every few seconds: reload the policies if their files changed (SIGHUP does the same at once). */
@DisallowConcurrentExecution
final class PolicyDirJob implements Job {
    private final RemediatorDaemon daemon;

    PolicyDirJob(RemediatorDaemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public void execute(JobExecutionContext context) {
        daemon.reloadIfChanged();
    }
}
