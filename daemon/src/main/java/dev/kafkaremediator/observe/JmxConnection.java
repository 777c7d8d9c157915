package dev.kafkaremediator.observe;

import dev.kafkaremediator.config.JmxSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One bounded JMX session with a broker: connect, do the work, close. JMX has no timeouts of its
 * own, so the session runs on an executor and is abandoned (connection closed) at the deadline.
 */
public final class JmxConnection {

    @FunctionalInterface
    public interface Work<T> {
        T apply(MBeanServerConnection connection) throws Exception;
    }

    private JmxConnection() {
    }

    /**
     * @throws SourceFailure naming the endpoint: unreachable, refused, timed out, or the work failed
     */
    public static <T> T run(JmxSettings settings, String endpoint, Duration timeout, ExecutorService executor, Work<T> work) throws SourceFailure {
        JMXConnector[] opened = new JMXConnector[1];
        Future<T> session = executor.submit(() -> {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + endpoint + "/jmxrmi");
            try (JMXConnector connector = JMXConnectorFactory.connect(url, environment(settings))) {
                opened[0] = connector;
                return work.apply(connector.getMBeanServerConnection());
            }
        });
        try {
            return session.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            session.cancel(true);
            closeQuietly(opened[0]);
            throw new SourceFailure("JMX " + endpoint + ": no answer within " + timeout.toMillis() + "ms");
        } catch (ExecutionException e) {
            throw new SourceFailure("JMX " + endpoint + ": " + KafkaClusterAdmin.rootMessage(rootCause(e)), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailure("JMX " + endpoint + ": interrupted", e);
        }
    }

    /** The RMI registry lookup's socket factory (the JDK's RMI naming provider reads it from the environment). */
    static final String REGISTRY_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";
    /** RMIConnector: refuse a server stub whose connections would not use TLS. */
    static final String CHECK_STUB = "jmx.remote.x.check.stub";

    /**
     * With {@code ssl}: the registry lookup over TLS with the host name checked, and a stub that
     * does not itself use TLS refused, so the stub's connection (TLS with the JDK's own factory,
     * which also checks the host name where the JDK has JDK-8368032) can never fall back to plain.
     */
    static Map<String, Object> environment(JmxSettings settings) {
        Map<String, Object> env = new HashMap<>();
        settings.username().ifPresent(user -> env.put(JMXConnector.CREDENTIALS, new String[] {user, settings.password().orElse("")}));
        if (settings.ssl()) {
            env.put(REGISTRY_SOCKET_FACTORY, HostnameVerifyingSslSocketFactory.withDefaultTrust());
            env.put(CHECK_STUB, "true");
        }
        return env;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void closeQuietly(JMXConnector connector) {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // abandoning a stalled connection: nothing more to do
            }
        }
    }
}
