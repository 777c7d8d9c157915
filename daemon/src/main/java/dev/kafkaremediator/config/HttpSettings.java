package dev.kafkaremediator.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where /metrics and /health are served, if at all.
 *
 * @param externalUrl how people reach this daemon (through a proxy, a DNS name) when that is not
 *                    {@code host:port}: the link Alertmanager shows as an alert's source
 */
public record HttpSettings(boolean enabled, String host, int port, Optional<URI> externalUrl) {

    public HttpSettings(boolean enabled, String host, int port) {
        this(enabled, host, port, Optional.empty());
    }
}
