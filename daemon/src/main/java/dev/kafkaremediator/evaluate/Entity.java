package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.config.policy.Scope;

/** What a finding is about: the cluster, one broker, or one topic. */
public record Entity(Scope scope, String id) {

    public static Entity cluster() {
        return new Entity(Scope.CLUSTER, "cluster");
    }

    public static Entity broker(int id) {
        return new Entity(Scope.BROKER, String.valueOf(id));
    }

    public static Entity topic(String name) {
        return new Entity(Scope.TOPIC, name);
    }

    public int brokerId() {
        return Integer.parseInt(id);
    }

    @Override
    public String toString() {
        return switch (scope) {
            case CLUSTER -> "cluster";
            case BROKER -> "broker " + id;
            case TOPIC -> "topic " + id;
        };
    }
}
