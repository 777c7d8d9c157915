package dev.kafkaremediator.localcluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The server.properties of one combined broker+controller node, all on 127.0.0.1. */
final class BrokerConfig {
    /**
     * Idle producer ids are checked for expiry every 10 minutes by default (static config); the
     * local cluster checks every 10 s so tests and the demo can see expiry (KIP-854) happen.
     */
    static final long PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 10_000;

    /** What the tool itself sets to make a node of this cluster: a --broker-config may not change these. */
    static final java.util.Set<String> OWNED = java.util.Set.of("process.roles", "node.id", "controller.quorum.voters", "listeners",
            "advertised.listeners", "controller.listener.names", "inter.broker.listener.name", "listener.security.protocol.map", "log.dirs");

    private BrokerConfig() {
    }

    /** Checks {@code KEY=VALUE} pairs given with --broker-config; the message says which one and why. */
    static Map<String, String> parse(java.util.List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq).strip();
            if (eq <= 0 || !key.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new IllegalArgumentException("--broker-config '" + pair + "': expected KEY=VALUE with a broker property name, e.g. "
                        + "producer.id.expiration.check.interval.ms=600000");
            }
            if (OWNED.contains(key)) {
                throw new IllegalArgumentException("--broker-config " + key + ": set by the local cluster itself for every node; it cannot be changed");
            }
            out.put(key, pair.substring(eq + 1).strip());
        }
        return out;
    }

    static Map<String, String> properties(ClusterState cluster, NodeState node, LocalClusterLayout layout) {
        int brokers = cluster.nodes().size();
        String replication = String.valueOf(Math.min(3, brokers));
        String minIsr = String.valueOf(Math.min(2, brokers));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.id()));
        p.put("controller.quorum.voters", cluster.quorumVoters());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", layout.dataDir(node.id()).toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", replication);
        p.put("offsets.topic.replication.factor", replication);
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("producer.id.expiration.check.interval.ms", String.valueOf(PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS));
        // Small, quick local brokers: fewer threads, and a fast controlled shutdown.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(cluster.brokerConfig());
        return p;
    }

    static String render(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# Written by the local cluster tool; rewritten on every fresh start.\n", "\n"));
    }
}
