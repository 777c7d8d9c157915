package dev.kafkaremediator.config;

import com.typesafe.config.ConfigOrigin;
import java.util.List;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks a {@code bootstrap-servers} list the way the Kafka client reads it: split as Kafka splits
 * a LIST config, each entry parsed by {@link Utils#getHost}/{@link Utils#getPort}, as
 * {@code ClientUtils.parseAndValidateAddresses} does. Unlike that method it resolves no name: an
 * unresolvable host is a runtime condition (the daemon watches such a cluster as unreachable), and a
 * DNS lookup per entry would make validate as slow as the resolver. Stricter than Kafka on two
 * points: an empty host (Kafka quietly takes localhost) and port 0 are refused.
 */
final class BootstrapServers {
    private BootstrapServers() {
    }

    static void check(StrictConfig strict, ConfigOrigin origin, String path, String value) {
        List<?> entries;
        try {
            entries = (List<?>) ConfigDef.parseType(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, value, ConfigDef.Type.LIST);
        } catch (ConfigException e) {
            strict.problem(origin, path, "expected host:port[,host:port...]: " + e.getMessage());
            return;
        }
        if (entries.stream().allMatch(e -> e.toString().isBlank())) {
            strict.problem(origin, path, "expected host:port[,host:port...], got an empty list");
            return;
        }
        for (Object entry : entries) {
            String address = entry.toString();
            if (address.isBlank()) {
                continue;
            }
            String host = Utils.getHost(address);
            Integer port = Utils.getPort(address);
            if (host == null || port == null || host.isEmpty()) {
                strict.problem(origin, path, "expected host:port (e.g. kafka-1:9092 or [::1]:9092), got \"" + address + "\"");
            } else if (port < 1 || port > 65535) {
                strict.problem(origin, path, "expected a port from 1 to 65535 in \"" + address + "\", got " + port);
            }
        }
    }
}
