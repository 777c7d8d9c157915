package dev.kafkaremediator.act;

import dev.kafkaremediator.config.ClusterConfig;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import dev.kafkaremediator.observe.AdminProperties;

/** The clients actions change a cluster through: Admin writes and JMX diagnostics, opened and closed together. */
public final class ActionConnections implements AutoCloseable {
    private final Admin admin;
    private final ExecutorService executor;
    private final ClusterChanges changes;
    private final BrokerDiagnostics diagnostics;

    public ActionConnections(ClusterChanges changes, BrokerDiagnostics diagnostics, Admin admin, ExecutorService executor) {
        this.changes = changes;
        this.diagnostics = diagnostics;
        this.admin = admin;
        this.executor = executor;
    }

    public static ActionConnections open(ClusterConfig config) {
        Admin admin = Admin.create(AdminProperties.of(config, "kafka-remediator-act"));
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
