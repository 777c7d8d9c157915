package dev.kafkaremediator.act;

import dev.kafkaremediator.config.ClusterConfig;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.kafkaremediator.observe.ReconnectingAdmin;

/** The clients actions change a cluster through: Admin writes and JMX diagnostics, opened and closed together. */
public final class ActionConnections implements AutoCloseable {
    private final ReconnectingAdmin admin;
    private final ExecutorService executor;
    private final ClusterChanges changes;
    private final BrokerDiagnostics diagnostics;

    public ActionConnections(ClusterChanges changes, BrokerDiagnostics diagnostics, ReconnectingAdmin admin, ExecutorService executor) {
        this.changes = changes;
        this.diagnostics = diagnostics;
        this.admin = admin;
        this.executor = executor;
    }

    public static ActionConnections open(ClusterConfig config) {
        // Created on first use: an unreachable cluster is a failure of the action that needs it, not of the start.
        ReconnectingAdmin admin = ReconnectingAdmin.of(config, "kafka-remediator-act", java.time.Clock.systemUTC());
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "act-" + config.name());
            t.setDaemon(true);
            return t;
        });
        return new ActionConnections(new KafkaClusterChanges(config.name(), admin), new JmxBrokerDiagnostics(config.jmx(), executor), admin, executor);
    }

    public ClusterChanges changes() {
        return changes;
    }

    public BrokerDiagnostics diagnostics() {
        return diagnostics;
    }

    /** Closes the Admin client, if one was created, to be created again by the next action that needs it (see ReconnectingAdmin#closeIdle). */
    public void closeIdle() {
        if (admin != null) {
            admin.closeIdle(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
