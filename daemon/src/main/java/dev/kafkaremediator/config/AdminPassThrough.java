package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a cluster's {@code admin { ... }} block against Kafka's own Admin client definition: the
 * Admin client only warns about a key it does not know (so {@code securty.protocol = SSL} would
 * connect in PLAINTEXT), and rejects a bad value only when the daemon creates it. Values may be
 * secrets ({@code sasl.jaas.config}, passwords): a message never repeats a value.
 */
final class AdminPassThrough {
    private static final Set<String> KNOWN = AdminClientConfig.configNames();

    private AdminPassThrough() {
    }

    /**
     * @param adminTimeout the cluster's {@code timeouts.admin}, which the daemon passes as
     *                     {@code default.api.timeout.ms} unless the block sets it
     */
    static Map<String, String> read(StrictConfig strict, Config admin, String prefix, Duration adminTimeout) {
        Map<String, String> properties = new HashMap<>();
        boolean keysKnown = true;
        for (Map.Entry<String, ConfigValue> e : admin.entrySet()) {
            String key = e.getKey();
            String path = prefix + "." + key;
            ConfigValue value = e.getValue();
            if (!KNOWN.contains(key)) {
                keysKnown = false;
                String suggestion = StrictConfig.closest(key, KNOWN).map(k -> "; did you mean '" + k + "'?").orElse("");
                strict.problem(value.origin(), path, "not a Kafka Admin client config" + suggestion);
                continue;
            }
            String text = String.valueOf(value.unwrapped());
            if (checkValue(strict, value, path, key, text)) {
                properties.put(key, text);
            } else {
                keysKnown = false;
            }
        }
        if (properties.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            strict.problem(admin.getValue(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG).origin(), prefix + "." + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "set bootstrap-servers on the cluster instead");
        } else if (keysKnown) {
            checkTogether(strict, admin, prefix, properties, adminTimeout);
        }
        return properties;
    }

    /** One value, parsed and validated as Kafka's ConfigDef would; false (and a problem) if Kafka would reject it. */
    private static boolean checkValue(StrictConfig strict, ConfigValue value, String path, String key, String text) {
        ConfigDef.ConfigKey def = AdminClientConfig.configDef().configKeys().get(key);
        try {
            Object parsed = ConfigDef.parseType(key, text, def.type);
            if (def.validator != null) {
                def.validator.ensureValid(key, parsed);
            }
            return true;
        } catch (ConfigException e) {
            strict.problem(value.origin(), path, "rejected by Kafka's Admin client: " + expected(def, e));
            return false;
        }
    }

    /** Kafka's own words; it shows a PASSWORD value as [hidden], and for those we do not even call it. */
    private static String expected(ConfigDef.ConfigKey def, ConfigException e) {
        return def.type == ConfigDef.Type.PASSWORD ? "a password string (the value is not shown)" : e.getMessage();
    }

    /** The whole set as the daemon would create the client: rules across keys (and the timeout the daemon adds). */
    private static void checkTogether(StrictConfig strict, Config admin, String prefix, Map<String, String> properties, Duration adminTimeout) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "validate:9092");
        try {
            new AdminClientConfig(all);
        } catch (ConfigException e) {
            // Kafka renders PASSWORD values as [hidden] in its messages.
            strict.problem(admin.origin(), prefix, "rejected by Kafka's Admin client: " + e.getMessage());
            return;
        }
        // As observe.AdminProperties fills them in: Admin.create refuses a request timeout above the API timeout.
        long defaultApi = properties.containsKey(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)
                ? Long.parseLong(properties.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)) : adminTimeout.toMillis();
        long request = properties.containsKey(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)
                ? Long.parseLong(properties.get(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)) : Math.min(adminTimeout.toMillis(), 30_000);
        if (request > defaultApi) {
            String key = properties.containsKey(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG) ? AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG
                    : AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG;
            strict.problem(admin.getValue(key).origin(), prefix + "." + key, "request.timeout.ms (" + request + ") must not exceed default.api.timeout.ms ("
                    + defaultApi + "; timeouts.admin unless set here): Kafka's Admin client refuses it");
        }
    }
}
