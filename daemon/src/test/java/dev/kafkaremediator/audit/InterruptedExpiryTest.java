package dev.kafkaremediator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.act.ActionFactory;
import dev.kafkaremediator.act.ActionRunner;
import dev.kafkaremediator.config.policy.ActionDefaults;
import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.testsupport.InMemoryAuditLog;
import dev.kafkaremediator.testsupport.TestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A remediator killed while producer.id.expiration.ms is lowered: the next start finds it in the audit and puts back what was there. */
class InterruptedExpiryTest {
    private static final String EXPIRY = "producer.id.expiration.ms";

    private final TestCluster cluster = new TestCluster(3);

    /**
     * The audit a killed remediator leaves: the records of a real cure (a previous cluster default, an
     * override on broker 2) up to its expiry-lowered record, nothing after; and the lowered values
     * still in force, as a kill leaves them (no finally runs).
     */
    private void lowerAndDie() throws Exception {
        cluster.leak("clicks", 10, TestCluster.START.minus(Duration.ofHours(1)));
        cluster.admin.clusterDefaults.put(EXPIRY, "604800000");
        cluster.admin.brokerOverrides.put(2, new HashMap<>(Map.of(EXPIRY, "3600000")));
        ActionContext context = cluster.context();
        Action.ExpireProducers cure = new Action.ExpireProducers("c", Duration.ofMinutes(2), Optional.empty(), true, ActionDefaults.EXPIRATION_FLOOR,
                new ActionLimits(true, Duration.ofHours(1), 5));
        InMemoryAuditLog full = new InMemoryAuditLog();
        context.runner().run(ActionFactory.steps(cure, context).get(0), ActionRunner.Mode.daemon(false),
                new AuditingEvents(full, cluster.clock, "act-1", "c", "daemon", false, AuditingEvents.Cause.manual("test")));
        for (AuditEvent e : full.events) {
            cluster.audit.append(e);
            if (e.event().equals("expiry-lowered")) {
                break;
            }
        }
        cluster.admin.clusterDefaults.put(EXPIRY, "120000");
        cluster.admin.brokerOverrides.get(2).put(EXPIRY, "120000");
    }

    @Test
    void aLoweringWithNoEndIsRestoredAtTheNextStartExactlyAsItWas() throws Exception {
        lowerAndDie();

        List<InterruptedExpiry.Pending> pending = InterruptedExpiry.find(cluster.audit, "c", TestCluster.START.minus(Duration.ofDays(1)));
        assertThat(pending).singleElement().satisfies(p -> {
            assertEquals("120000", p.lowered());
            assertEquals(Optional.of("604800000"), p.clusterDefault());
            assertEquals(Map.of(2, Optional.of("3600000")), p.brokers());
        });

        List<String> lines = InterruptedExpiry.restore(pending, "c", cluster.admin, cluster.changes, cluster.audit, cluster.clock, Duration.ofSeconds(5));
        assertThat(lines).singleElement().asString().contains("never restored").contains("cluster default 604800000").contains("broker 2 3600000");
        assertEquals("604800000", cluster.admin.clusterDefaults.get(EXPIRY));
        assertEquals("3600000", cluster.admin.brokerOverrides.get(2).get(EXPIRY));
        assertThat(InterruptedExpiry.find(cluster.audit, "c", TestCluster.START.minus(Duration.ofDays(1)))).as("restored once, not again").isEmpty();
    }

    @Test
    void aValueSomeoneChangedSinceIsLeftAloneAndSaidSo() throws Exception {
        lowerAndDie();
        cluster.admin.clusterDefaults.put(EXPIRY, "7200000"); // an operator set their own meanwhile

        List<String> lines = InterruptedExpiry.restore(InterruptedExpiry.find(cluster.audit, "c", TestCluster.START.minus(Duration.ofDays(1))), "c",
                cluster.admin, cluster.changes, cluster.audit, cluster.clock, Duration.ofSeconds(5));
        assertThat(lines.get(0)).contains("cluster default no longer 120000: left as it is");
        assertEquals("7200000", cluster.admin.clusterDefaults.get(EXPIRY));
        assertEquals("3600000", cluster.admin.brokerOverrides.get(2).get(EXPIRY));
    }

    @Test
    void aCureThatEndedLeavesNothingToRestore() throws Exception {
        cluster.leak("clicks", 10, TestCluster.START.minus(Duration.ofHours(1)));
        ActionContext context = cluster.context();
        Action.ExpireProducers cure = new Action.ExpireProducers("c", Duration.ofMinutes(2), Optional.empty(), true, ActionDefaults.EXPIRATION_FLOOR,
                new ActionLimits(true, Duration.ofHours(1), 5));
        context.runner().run(ActionFactory.steps(cure, context).get(0), ActionRunner.Mode.daemon(false),
                new AuditingEvents(cluster.audit, cluster.clock, "act-2", "c", "daemon", false, AuditingEvents.Cause.manual("test")));
        assertThat(cluster.audit.eventNames()).contains("expiry-lowered", "end");
        assertThat(InterruptedExpiry.find(cluster.audit, "c", TestCluster.START.minus(Duration.ofDays(1)))).isEmpty();
    }
}
