package dev.kafkaremediator.observe;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The brokers the cluster lists as registered (fenced or stopped ones are absent) and their hosts.
 * {@code controllerId} is what describeCluster names; in KRaft that is a random broker (KIP-919),
 * so the active controller comes from JMX (ActiveControllerCount), not from here.
 */
public record ClusterMembership(Map<Integer, String> registeredBrokerHosts, OptionalInt controllerId) {

    public ClusterMembership {
        registeredBrokerHosts = Map.copyOf(registeredBrokerHosts);
    }

    public boolean isRegistered(int brokerId) {
        return registeredBrokerHosts.containsKey(brokerId);
    }
}
