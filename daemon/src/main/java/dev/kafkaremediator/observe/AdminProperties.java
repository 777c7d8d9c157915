package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.ClusterConfig;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Admin client properties for a configured cluster: the pass-through ones (SASL, SSL), bootstrap servers, and the admin timeout. */
public final class AdminProperties {
    private AdminProperties() {
    }

    public static Properties of(ClusterConfig config, String clientId) {
        Properties props = new Properties();
        props.putAll(config.adminProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.timeouts().admin().toMillis());
        // Kafka requires default.api.timeout.ms >= request.timeout.ms.
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeoutMs, 30_000)));
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-" + config.name());
        return props;
    }
}
