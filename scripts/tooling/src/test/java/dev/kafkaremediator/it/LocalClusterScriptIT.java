package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** scripts/local-cluster.sh against the test run's cluster: status, and a restart that returns once registered. */
@ExtendWith(LocalClusterExtension.class)
class LocalClusterScriptIT {

    @Test
    void statusShowsEveryBrokerRunning(RunningCluster cluster) throws Exception {
        Scripts.Result status = script(cluster, "status");

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output().lines().filter(l -> l.matches("^[123]\\s+running\\s+\\d+.*"))).hasSize(3);
        assertThat(status.output()).contains("bootstrap servers: " + cluster.bootstrapServers());
    }

    @Test
    void restartReturnsOnceTheBrokerIsRegisteredAgain(RunningCluster cluster) throws Exception {
        long pidBefore = cluster.cluster().process(2).orElseThrow().pid();

        Scripts.Result restart = script(cluster, "restart", "2");

        assertThat(restart.exitCode()).as(restart.output()).isZero();
        long pidAfter = cluster.cluster().process(2).orElseThrow().pid();
        assertThat(pidAfter).isNotEqualTo(pidBefore);
        assertThat(ProcessHandle.of(pidBefore).filter(ProcessHandle::isAlive)).as("old broker process").isEmpty();
        try (Admin admin = cluster.admin()) {
            // No wait here: the script must not return before broker 2 is registered.
            Set<Integer> registered = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id).collect(Collectors.toSet());
            assertThat(registered).contains(2);
        }
    }

    private static Scripts.Result script(RunningCluster cluster, String... args) throws Exception {
        String[] withDir = new String[args.length + 2];
        withDir[0] = "--dir";
        withDir[1] = cluster.cluster().layout().dir().toString();
        System.arraycopy(args, 0, withDir, 2, args.length);
        return Scripts.run(Duration.ofMinutes(3), "local-cluster.sh", withDir);
    }
}
