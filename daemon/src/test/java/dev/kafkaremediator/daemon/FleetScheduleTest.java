package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A fleet's cluster jobs are spread over the interval, not all due at one instant; a late firing runs late rather than a round later. */
class FleetScheduleTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aThousandClustersAreSpreadEvenlyOverTheInterval() {
        int[] perSixSeconds = new int[10];
        for (int i = 1; i <= 1000; i++) {
            Duration delay = ClusteredScheduler.firstRunDelay(String.format("fleet-%03d", i), 1000, MINUTE);
            assertThat(delay).isBetween(Duration.ZERO, MINUTE.minusMillis(1));
            perSixSeconds[(int) (delay.toMillis() / 6000)]++;
        }
        // 100 a bucket if even; sequential names must not pile up.
        assertThat(java.util.Arrays.stream(perSixSeconds).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(70, 130));
    }

    @Test
    void aFewClustersStartWithinASecondAndEveryInstanceAgrees() {
        for (int i = 0; i < 20; i++) {
            String name = "cluster-" + i;
            assertThat(ClusteredScheduler.firstRunDelay(name, 3, MINUTE)).isLessThan(Duration.ofMillis(300))
                    .isEqualTo(ClusteredScheduler.firstRunDelay(name, 3, MINUTE));
        }
        assertThat(ClusteredScheduler.firstRunDelay("only", 1, Duration.ofSeconds(2))).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void theSpreadNeverExceedsOneInterval() {
        assertThat(IntStream.range(0, 5000).mapToObj(i -> ClusteredScheduler.firstRunDelay("c" + i, 5000, Duration.ofSeconds(10))))
                .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(10)));
    }

    @Test
    void aFiringMayBeLateByHalfAnIntervalAtLeastFiveSeconds() {
        assertThat(ClusteredScheduler.misfireThreshold(MINUTE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ClusteredScheduler.misfireThreshold(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ClusteredScheduler.misfireThreshold(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aClusterJobRequestsRecoverySoARunCutByItsInstancesDeathRunsAgainElsewhere() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put("org.quartz.scheduler.instanceName", "fleet-schedule-test");
        p.put("org.quartz.threadPool.threadCount", "1");
        p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        org.quartz.Scheduler scheduler = new org.quartz.impl.StdSchedulerFactory(p).getScheduler();
        try {
            // A job stored by an earlier version, without recovery: replaced.
            scheduler.scheduleJob(org.quartz.JobBuilder.newJob(ClusterJob.class).withIdentity("old", ClusteredScheduler.GROUP).build(),
                    org.quartz.TriggerBuilder.newTrigger().withIdentity("old", ClusteredScheduler.GROUP).withSchedule(
                            org.quartz.SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(MINUTE.toMillis()).repeatForever()).build());
            java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-08T02:00:00Z"), java.time.ZoneOffset.UTC);

            ClusteredScheduler.scheduleClusters(scheduler, java.util.List.of("old", "new"), MINUTE, clock);

            for (String cluster : java.util.List.of("old", "new")) {
                assertThat(scheduler.getJobDetail(org.quartz.JobKey.jobKey(cluster, ClusteredScheduler.GROUP)).requestsRecovery()).as(cluster).isTrue();
                assertThat(scheduler.getTrigger(org.quartz.TriggerKey.triggerKey(cluster, ClusteredScheduler.GROUP)).getStartTime().toInstant())
                        .isEqualTo(clock.instant().plus(ClusteredScheduler.firstRunDelay(cluster, 2, MINUTE)));
            }
        } finally {
            scheduler.shutdown();
        }
    }
}
