package dev.kafkaremediator.config.policy;

/** What a policy's conditions are evaluated over: the cluster as a whole, each broker, or each topic. */
public enum Scope {
    CLUSTER, BROKER, TOPIC
}
