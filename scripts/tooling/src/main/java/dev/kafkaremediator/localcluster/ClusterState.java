package dev.kafkaremediator.localcluster;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** What the local cluster's state file records: its id, heap, and each node's ports and pid. */
public record ClusterState(String clusterId, int heapMb, List<NodeState> nodes) {

    public ClusterState {
        nodes = List.copyOf(nodes);
    }

    public NodeState node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no broker " + id + " in this local cluster (brokers: "
                        + nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(", ")) + ")"));
    }

    public ClusterState withNode(NodeState node) {
        List<NodeState> copy = new ArrayList<>(nodes);
        copy.replaceAll(n -> n.id() == node.id() ? node : n);
        return new ClusterState(clusterId, heapMb, copy);
    }

    public String bootstrapServers() {
        return nodes.stream().map(NodeState::bootstrapAddress).collect(Collectors.joining(","));
    }

    public String quorumVoters() {
        return nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
    }
}
