package dev.kafkaremediator.observe;

import java.util.Optional;

/**
 * One broker config as that broker reports it: the value in force and where it comes from, in
 * Kafka's own words ({@code DYNAMIC_BROKER_CONFIG}: a per-broker override, which wins over
 * {@code DYNAMIC_DEFAULT_BROKER_CONFIG}, the cluster-wide default, which wins over
 * {@code STATIC_BROKER_CONFIG}, server.properties, and {@code DEFAULT_CONFIG}).
 */
public record BrokerConfigEntry(String name, Optional<String> value, String source) {
    public static final String PER_BROKER = "DYNAMIC_BROKER_CONFIG";
    public static final String CLUSTER_DEFAULT = "DYNAMIC_DEFAULT_BROKER_CONFIG";

    public boolean perBrokerOverride() {
        return PER_BROKER.equals(source);
    }

    /** The value as a number, when it is one. */
    public Optional<Long> asLong() {
        try {
            return value.map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + "=" + value.orElse("(none)") + " (" + source + ")";
    }
}
