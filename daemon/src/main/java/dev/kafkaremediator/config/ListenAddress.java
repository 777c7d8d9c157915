package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address /metrics and /health bind to must exist when the daemon starts: unlike a broker's
 * host, nothing retries a bind later, so a name that does not resolve is refused here, by
 * {@code validate} as by {@code run}, instead of as a trace from the HTTP server.
 */
final class ListenAddress {
    private ListenAddress() {
    }

    static void check(StrictConfig strict, Config http, String prefix, String key, String host) {
        if (host.isBlank() || !host.matches("[^\\s/]+")) {
            strict.problem(origin(http, key), prefix + "." + key, "expected a host name or IP address to listen on (e.g. 127.0.0.1), got \"" + host + "\"");
            return;
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            strict.problem(origin(http, key), prefix + "." + key, "cannot resolve \"" + host + "\" to an address to listen on (e.g. 127.0.0.1 or a local name)");
        }
    }

    private static com.typesafe.config.ConfigOrigin origin(Config http, String key) {
        return http.hasPath(key) ? http.getValue(key).origin() : http.origin();
    }
}
