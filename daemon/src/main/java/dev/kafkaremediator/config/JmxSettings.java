package dev.kafkaremediator.config;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to reach each broker's JMX: an explicit endpoint per broker id, or a host (default: the
 * broker's own advertised host) and a port. Credentials are optional; the password never appears
 * in {@link #toString()}.
 */
public record JmxSettings(Map<Integer, String> endpoints, Optional<String> host, OptionalInt port,
                          Optional<String> username, Optional<String> password, boolean ssl) {

    public JmxSettings {
        endpoints = Map.copyOf(endpoints);
    }

    /** The host:port of broker {@code brokerId}'s JMX, if configured. */
    public Optional<String> endpoint(int brokerId, Optional<String> brokerHost) {
        String explicit = endpoints.get(brokerId);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return host.or(() -> brokerHost).map(h -> h + ":" + port.getAsInt());
    }

    /**
     * A warning when credentials would cross the network in clear (JMX over RMI without TLS sends
     * the password as a serialized string): names the cluster and user, never the password.
     */
    public Optional<String> plainCredentialsWarning(String cluster) {
        return username.isPresent() && !ssl
                ? Optional.of("cluster " + cluster + ": JMX credentials for user " + username.get() + " are sent without TLS (jmx.ssl = false);"
                        + " anyone on the path can read the password")
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "JmxSettings[endpoints=" + endpoints + ", host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + password.map(p -> "<redacted>").orElse("<none>") + ", ssl=" + ssl + "]";
    }
}
