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

    @Override
    public String toString() {
        return "JmxSettings[endpoints=" + endpoints + ", host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + password.map(p -> "<redacted>").orElse("<none>") + ", ssl=" + ssl + "]";
    }
}
