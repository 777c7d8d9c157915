package dev.kafkaremediator.localcluster;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * What the local cluster's state file records: its id, heap, each node's ports and pid, and the
 * broker properties given on the command line ({@code --broker-config}), which every node's
 * server.properties carries over the lab's own; and whether remote JMX asks for a password
 * ({@code --jmx-auth}: the user and password are in the directory's {@code jmx.password}).
 */
public record ClusterState(String clusterId, int heapMb, List<NodeState> nodes, java.util.Map<String, String> brokerConfig, boolean jmxAuth) {

    public ClusterState {
        nodes = List.copyOf(nodes);
        brokerConfig = brokerConfig == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(brokerConfig));
    }

    public ClusterState(String clusterId, int heapMb, List<NodeState> nodes) {
        this(clusterId, heapMb, nodes, java.util.Map.of(), false);
    }

    public ClusterState withBrokerConfig(java.util.Map<String, String> config) {
        return new ClusterState(clusterId, heapMb, nodes, config, jmxAuth);
    }

    public NodeState node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no broker " + id + " in this local cluster (brokers: "
                        + nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(", ")) + ")"));
    }

    public ClusterState withNode(NodeState node) {
        List<NodeState> copy = new ArrayList<>(nodes);
        copy.replaceAll(n -> n.id() == node.id() ? node : n);
        return new ClusterState(clusterId, heapMb, copy, brokerConfig, jmxAuth);
    }

    public String bootstrapServers() {
        return nodes.stream().map(NodeState::bootstrapAddress).collect(Collectors.joining(","));
    }

    public String quorumVoters() {
        return nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
    }
}
