package dev.kafkaremediator.act;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.kafkaremediator.observe.ReconnectingAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DeleteRecordsOptions;
import org.apache.kafka.clients.admin.DeleteRecordsResult;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/** {@link ClusterChanges} over Kafka's {@link Admin}. */
public final class KafkaClusterChanges implements ClusterChanges {
    private final String cluster;
    private final ReconnectingAdmin admin;

    public KafkaClusterChanges(String cluster, ReconnectingAdmin admin) {
        this.cluster = cluster;
        this.admin = admin;
    }

    /** The client; a cluster that cannot be reached is a failure that may pass, nothing was changed. */
    private Admin admin() throws ActionFailure {
        try {
            return admin.get();
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ActionFailure(e.getMessage(), ActionFailure.Kind.RETRY_LATER, e);
        }
    }

    @Override
    public Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> targets, Duration timeout) throws ActionFailure {
        Map<TopicPartition, RecordsToDelete> request = new LinkedHashMap<>();
        targets.forEach((tp, offset) -> request.put(tp, RecordsToDelete.beforeOffset(offset)));
        DeleteRecordsResult result = admin().deleteRecords(request, new DeleteRecordsOptions().timeoutMs((int) timeout.toMillis()));
        Map<TopicPartition, Long> lowWatermarks = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (TopicPartition tp : targets.keySet()) {
            try {
                lowWatermarks.put(tp, result.lowWatermarks().get(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS).lowWatermark());
            } catch (ExecutionException e) {
                failures.add(tp + ": " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                failures.add(tp + ": no answer within " + timeout.toSeconds() + "s (state unknown)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(tp + ": interrupted (state unknown)");
            }
        }
        if (!failures.isEmpty()) {
            throw new ActionFailure("deleteRecords on cluster " + cluster + " failed for " + failures.size() + " of " + targets.size()
                    + " partitions (trimmed: " + lowWatermarks + "): " + String.join("; ", failures), true);
        }
        return lowWatermarks;
    }

    @Override
    public void setClusterDefault(String name, Optional<String> value, Duration timeout) throws ActionFailure {
        alter(new ConfigResource(ConfigResource.Type.BROKER, ""), "the cluster default", name, value, timeout);
    }

    @Override
    public void setBrokerConfig(int broker, String name, Optional<String> value, Duration timeout) throws ActionFailure {
        alter(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker)), "broker " + broker + "'s override", name, value, timeout);
    }

    private void alter(ConfigResource resource, String what, String name, Optional<String> value, Duration timeout) throws ActionFailure {
        AlterConfigOp op = value.map(v -> new AlterConfigOp(new ConfigEntry(name, v), AlterConfigOp.OpType.SET))
                .orElseGet(() -> new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE));
        try {
            admin().incrementalAlterConfigs(Map.of(resource, List.of(op)), new AlterConfigsOptions().timeoutMs((int) timeout.toMillis()))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ActionFailure("setting " + what + " " + name + (value.isPresent() ? "=" + value.get() : " (remove)") + " on cluster "
                    + cluster + " failed: " + e.getCause().getMessage(), true, e.getCause());
        } catch (TimeoutException e) {
            throw new ActionFailure("setting " + what + " " + name + " on cluster " + cluster + ": no answer within "
                    + timeout.toSeconds() + "s (state unknown)", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted while setting " + name, true, e);
        }
    }

    @Override
    public String electPreferredLeaders(Duration timeout) throws ActionFailure {
        try {
            Map<TopicPartition, Optional<Throwable>> result = admin().electLeaders(org.apache.kafka.common.ElectionType.PREFERRED, null,
                    new org.apache.kafka.clients.admin.ElectLeadersOptions().timeoutMs((int) timeout.toMillis())).partitions()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long moved = result.values().stream().filter(Optional::isEmpty).count();
            // ELECTION_NOT_NEEDED: the preferred replica already leads; not a failure.
            long failed = result.values().stream().filter(e -> e.isPresent()
                    && !(e.get() instanceof org.apache.kafka.common.errors.ElectionNotNeededException)).count();
            return moved + " partitions moved to their preferred leader" + (failed > 0 ? ", " + failed + " could not" : "");
        } catch (ExecutionException | TimeoutException e) {
            throw new ActionFailure("preferred leader election on cluster " + cluster + " failed: " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted during preferred leader election", false, e);
        }
    }
}
