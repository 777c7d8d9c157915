package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.cli.ExitCodes;
import dev.kafkaremediator.cli.RemediatorCli;
import dev.kafkaremediator.incident.IncidentRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The cure's timing comes from the brokers, not from the lab: on brokers that run their expiry pass
 * every minute (the lab's is 10 s, Kafka's 10 min) the lowered value stays until that pass has run.
 * (When ids stay, the verify step says why: {@link ExpiryWhileWritingIT}.) Its own cluster, so it runs
 * beside the tests of the shared one (its wait is most of its time).
 */
@Execution(ExecutionMode.CONCURRENT) // beside the shared cluster's tests (junit-platform.properties)
@ResourceLock("ExpiryTimingIT")
@Order(2)
class ExpiryTimingIT {
    private static final String CHECK_INTERVAL = "producer.id.expiration.check.interval.ms";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int remediator(String... args) {
        return RemediatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }


    @Test
    void onBrokersCheckingEveryMinuteTheValueStaysUntilTheirPassHasRunAndFreesEverything() throws Exception {
        try (RunningCluster cluster = RunningCluster.startOwn("it-expiry-60s", Map.of(CHECK_INTERVAL, "60000"))) {
            // Right after the start: every broker's first pass is most of a minute away.
            IncidentRun.Result leak = new IncidentRun(new IncidentRun.Settings(cluster.bootstrapServers(), "it-defaults", 3, (short) 3, -1, 100, 0,
                    null, 4, false), line -> { }).run();
            assertEquals(0, leak.failedProducers(), leak.summary());
            Map<Integer, Long> before = Jmx.producerIdCounts(cluster);
            assertThat(before.values()).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(100));
            Path config = RemediatorConfigs.write(cluster, dir, "dry-run = false");

            // 30 s is below the 2-minute floor: forced, a time-lapse on a cluster whose producers are done.
            long started = System.nanoTime();
            int exit = remediator("expire-producers", "-c", config.toString(), "--cluster", "it", "--expiration", "30", "--force",
                    "--reason", "ExpiryTimingIT: the cure on a 60 s check interval", "--yes");
            long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertEquals(ExitCodes.OK, exit, err.toString() + out);
            assertThat(out.toString()).contains("done: effective").contains(CHECK_INTERVAL + "=60000 (STATIC_BROKER_CONFIG)")
                    .contains("\"expectedToFree\"");
            assertThat(tookSeconds).as("kept at least one pass of every broker (60 s) and a margin").isGreaterThanOrEqualTo(66);
            Map<Integer, Long> after = Jmx.producerIdCounts(cluster);
            for (int id : cluster.brokerIds()) {
                assertThat(after.get(id)).as("broker %d: at most 1%% of %d left", id, before.get(id)).isLessThanOrEqualTo(before.get(id) / 100);
            }
            try (Admin admin = cluster.admin()) {
                org.apache.kafka.common.config.ConfigResource defaults = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.BROKER, "");
                assertThat(admin.describeConfigs(List.of(defaults)).all().get(30, TimeUnit.SECONDS).get(defaults)
                        .get("producer.id.expiration.ms")).as("no cluster default was there, none is left").isNull();
            }
        }
    }
}
