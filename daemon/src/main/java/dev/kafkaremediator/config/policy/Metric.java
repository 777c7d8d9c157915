package dev.kafkaremediator.config.policy;

import java.util.Arrays;
import java.util.Optional;

/** The observed series a condition can name, each with its scope and the range its values live in. */
public enum Metric {
    BROKER_PRODUCER_IDS("broker.producer-ids", Scope.BROKER, false),
    BROKER_HEAP_USED_RATIO("broker.heap-used-ratio", Scope.BROKER, true),
    BROKER_HEAP_AFTER_GC_RATIO("broker.heap-after-gc-ratio", Scope.BROKER, true),
    BROKER_HEAP_USED_BYTES("broker.heap-used-bytes", Scope.BROKER, false),
    BROKER_PRODUCER_STATE_BYTES("broker.producer-state-bytes", Scope.BROKER, false),
    BROKER_PRODUCER_STATE_HEAP_RATIO("broker.producer-state-heap-ratio", Scope.BROKER, true),
    TOPIC_PRODUCER_ENTRIES("topic.producer-entries", Scope.TOPIC, false),
    TOPIC_OPEN_TRANSACTIONS("topic.open-transactions", Scope.TOPIC, false),
    TOPIC_OLDEST_OPEN_TRANSACTION_SECONDS("topic.oldest-open-transaction-seconds", Scope.TOPIC, false),
    CLUSTER_TOPICS("cluster.topics", Scope.CLUSTER, false),
    CLUSTER_PARTITIONS("cluster.partitions", Scope.CLUSTER, false),
    BROKER_PRODUCER_INITS_PER_SECOND("broker.producer-inits-per-second", Scope.BROKER, false),
    CLUSTER_PRODUCER_INITS_PER_SECOND("cluster.producer-inits-per-second", Scope.CLUSTER, false);

    private final String key;
    private final Scope scope;
    private final boolean ratio;

    Metric(String key, Scope scope, boolean ratio) {
        this.key = key;
        this.scope = scope;
        this.ratio = ratio;
    }

    public String key() {
        return key;
    }

    public Scope scope() {
        return scope;
    }

    /** A ratio lives in 0..1 (heap used over max); a count is 0 or more. */
    public boolean ratio() {
        return ratio;
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }
}
