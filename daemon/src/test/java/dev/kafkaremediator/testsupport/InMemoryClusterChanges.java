package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.ClusterChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The Admin changes as plain values: cluster defaults in a map (share it with
 * {@link InMemoryClusterAdmin#clusterDefaults} to read them back), trims recorded, and a failure
 * to throw on demand. {@code onSetDefault} lets a test play the brokers' reaction (an expiry pass).
 */
public final class InMemoryClusterChanges implements ClusterChanges {
    public Map<String, String> clusterDefaults = new HashMap<>();
    public Map<Integer, Map<String, String>> brokerOverrides = new HashMap<>();
    public final List<String> calls = new ArrayList<>();
    public final Map<TopicPartition, Long> trimmedTo = new LinkedHashMap<>();
    public Optional<ActionFailure> failure = Optional.empty();
    public Consumer<Map<String, String>> onSetDefault = defaults -> { };
    /** Called with each trim's targets once recorded: lets a test move the log start offsets as the brokers would. */
    public Consumer<Map<TopicPartition, Long>> onDeleteRecords = targets -> { };
    public int elections;

    @Override
    public synchronized Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> targets, Duration timeout) throws ActionFailure {
        calls.add("deleteRecords " + targets);
        if (failure.isPresent()) {
            throw failure.get();
        }
        trimmedTo.putAll(targets);
        onDeleteRecords.accept(targets);
        return Map.copyOf(targets);
    }

    @Override
    public synchronized void setClusterDefault(String name, Optional<String> value, Duration timeout) throws ActionFailure {
        calls.add("set " + name + "=" + value.orElse("(removed)"));
        if (failure.isPresent()) {
            throw failure.get();
        }
        value.ifPresentOrElse(v -> clusterDefaults.put(name, v), () -> clusterDefaults.remove(name));
        onSetDefault.accept(clusterDefaults);
    }

    @Override
    public synchronized void setBrokerConfig(int broker, String name, Optional<String> value, Duration timeout) throws ActionFailure {
        calls.add("set broker " + broker + " " + name + "=" + value.orElse("(removed)"));
        if (failure.isPresent()) {
            throw failure.get();
        }
        Map<String, String> configs = brokerOverrides.computeIfAbsent(broker, b -> new HashMap<>());
        value.ifPresentOrElse(v -> configs.put(name, v), () -> configs.remove(name));
    }

    @Override
    public synchronized String electPreferredLeaders(Duration timeout) {
        elections++;
        calls.add("elect");
        return "0 moved";
    }
}
