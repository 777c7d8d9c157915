package dev.kafkaremediator.config.policy;

import java.util.List;
import java.util.Optional;

/** Every policy of a policy directory, valid as a whole. */
public record PolicySet(List<Policy> policies) {
    public PolicySet {
        policies = List.copyOf(policies);
    }

    public Optional<Policy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<Policy> forCluster(String cluster) {
        return policies.stream().filter(p -> p.appliesTo(cluster)).toList();
    }
}
