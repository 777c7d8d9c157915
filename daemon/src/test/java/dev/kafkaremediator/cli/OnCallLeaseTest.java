package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.act.ClusterLease;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.FileAuditLog;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.testsupport.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On-call actions take the cluster's lease (several remediators on PostgreSQL): refused while another holds it, given up at the end. */
class OnCallLeaseTest {
    private final TestCluster cluster = new TestCluster(3);
    private final List<String> calls = new ArrayList<>();
    private ClusterLeases.Attempt attempt;

    @TempDir
    Path dir;

    private final ClusterLeases leases = new ClusterLeases() {
        @Override
        public Attempt acquire(String name) {
            calls.add("acquire " + name);
            return attempt;
        }

        @Override
        public AutoCloseable renewWhileRunning(String name) {
            calls.add("renew " + name);
            return () -> calls.add("renewed " + name);
        }

        @Override
        public void close() {
            calls.add("released");
        }
    };

    private int run(String... args) throws Exception {
        Files.writeString(dir.resolve("remediator.conf"), """
                remediator {
                  dry-run = false
                  state-dir = "%s/state"
                  policy-dir = "%s/policies"
                  clusters.c {
                    bootstrap-servers = "127.0.0.1:1"
                    timeouts { admin = 1s, jmx = 1s, census = 1s }
                    jmx { port = 9999 }
                    heap-dump-dir = "/var/tmp/dumps"
                  }
                }
                """.formatted(dir, dir), StandardCharsets.UTF_8);
        cluster.snapshot(); // publishes the brokers to the in-memory Admin
        Clock clock = Clock.systemUTC();
        CliEnvironment env = new CliEnvironment(clock, config -> new ClusterConnections(config, cluster.admin, cluster.jmx(), Executors.newCachedThreadPool(),
                clock), config -> new ActionConnections(cluster.changes, cluster.diagnostics, null, null), config -> StateStores.files(config, clock),
                stores -> leases);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-c", dir.resolve("remediator.conf").toString(), "--cluster", "c", "--reason", "on-call test", "--yes"));
        return RemediatorCli.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void anActionOnAClusterAnotherInstanceHoldsIsRefusedNamingTheHolderAndUntilWhen() throws Exception {
        attempt = new ClusterLeases.Busy("ha-a", 4, Instant.parse("2026-11-25T23:59:30Z"));

        int exit = run("heap-dump", "--broker", "2");

        assertEquals(ExitCodes.REFUSED, exit, err.toString());
        assertThat(err.toString()).contains("refused: cluster c is held by ha-a (lease token 4) until 2026-11-25T23:59:30Z")
                .contains("nothing was changed");
        assertThat(cluster.diagnostics.dumps).isEmpty();
        assertThat(Files.exists(dir.resolve("state/audit"))).as("nothing planned, nothing audited").isFalse();
        assertThat(calls).containsExactly("acquire c", "released");
    }

    @Test
    void aTakenLeaseIsRenewedWhileTheActionRunsItsTokenIsAuditedAndItIsGivenUpAtTheEnd() throws Exception {
        attempt = new ClusterLeases.Held(new ClusterLease() {
            @Override
            public OptionalLong token() {
                return OptionalLong.of(9);
            }

            @Override
            public String holder() {
                return "ha-a (on-call, user test)";
            }

            @Override
            public void confirm() {
                calls.add("confirm");
            }
        }, true);

        int exit = run("heap-dump", "--broker", "2");

        assertEquals(ExitCodes.OK, exit, err + "\n" + out);
        assertThat(calls).containsExactly("acquire c", "renew c", "confirm", "renewed c", "released");
        List<AuditEvent> audit = FileAuditLog.in(dir.resolve("state")).read(Instant.EPOCH).events();
        assertThat(audit).isNotEmpty().allSatisfy(e -> assertEquals("9", String.valueOf(e.details().get("leaseToken")), e.toString()));
    }

    @Test
    void aDryRunNeedsNoLease() throws Exception {
        attempt = new ClusterLeases.Busy("ha-a", 4, Instant.parse("2026-11-25T23:59:30Z"));

        int exit = run("heap-dump", "--broker", "2", "--dry-run");

        assertEquals(ExitCodes.OK, exit, err.toString());
        assertThat(calls).isEmpty();
    }
}
