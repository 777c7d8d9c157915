package dev.kafkaremediator.act;

import dev.kafkaremediator.config.JmxSettings;
import dev.kafkaremediator.observe.JmxConnection;
import dev.kafkaremediator.observe.SourceFailure;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.management.ObjectName;

/** {@link BrokerDiagnostics} over remote JMX, each operation in one bounded session. */
public final class JmxBrokerDiagnostics implements BrokerDiagnostics {
    private static final String HOTSPOT = "com.sun.management:type=HotSpotDiagnostic";
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private final JmxSettings settings;
    private final ExecutorService executor;

    public JmxBrokerDiagnostics(JmxSettings settings, ExecutorService executor) {
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public void dumpHeap(String endpoint, String path, boolean live, Duration timeout) throws ActionFailure {
        try {
            JmxConnection.run(settings, endpoint, timeout, executor, c -> c.invoke(new ObjectName(HOTSPOT), "dumpHeap",
                    new Object[] {path, live}, new String[] {String.class.getName(), boolean.class.getName()}));
        } catch (SourceFailure e) {
            // A timed-out dump may still be written by the broker: the state is unknown, so the plan stops.
            throw new ActionFailure("heap dump to " + path + " failed: " + e.getMessage(), true, e);
        }
    }

    @Override
    public String classHistogram(String endpoint, Duration timeout) throws ActionFailure {
        try {
            return (String) JmxConnection.run(settings, endpoint, timeout, executor, c -> c.invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (SourceFailure e) {
            throw new ActionFailure("class histogram failed: " + e.getMessage(), false, e);
        }
    }
}
