package dev.kafkaremediator.observe;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * {@code controller.quorum.fetch.timeout.ms} as the brokers report it: how long a follower may go
 * without fetching from the quorum leader before it starts an election (KIP-595). The roll's
 * quorum check takes it as the limit of "caught up", as Strimzi's roller does.
 */
public final class QuorumFetchTimeout {
    public static final String CONFIG = "controller.quorum.fetch.timeout.ms";

    private QuorumFetchTimeout() {
    }

    /**
     * The smallest positive value any broker reports (the strictest judge when they disagree);
     * Kafka's default when none reports one, since every Kafka that has a quorum defines the config.
     */
    public static Duration strictest(Map<Integer, Map<String, BrokerConfigEntry>> configs) {
        return strictest(configs.values().stream().map(c -> Optional.ofNullable(c.get(CONFIG)).flatMap(BrokerConfigEntry::asLong)).toList());
    }

    static Duration strictest(Collection<Optional<Long>> values) {
        return values.stream().flatMap(Optional::stream).filter(ms -> ms > 0).min(Long::compare).map(Duration::ofMillis)
                .orElse(ControllerQuorum.DEFAULT_FETCH_TIMEOUT);
    }
}
