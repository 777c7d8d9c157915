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
            throw dumpFailure(endpoint, path, e);
        }
    }

    /**
     * What the broker's JVM said, in an operator's terms: a directory missing or unwritable on the
     * broker's host, a file already there or a full disk mean nothing was written (fix it, try again);
     * anything else, a timeout above all, may leave a dump being written: the state is unknown.
     */
    static ActionFailure dumpFailure(String endpoint, String path, SourceFailure e) {
        String message = String.valueOf(e.getMessage());
        String dir = java.nio.file.Path.of(path).getParent() == null ? path : java.nio.file.Path.of(path).getParent().toString();
        String why = message.contains("No such file or directory") ? "the directory " + dir + " does not exist on the host of the broker at " + endpoint
                + ": create it there, writable by the broker's user, or point heap-dump-dir elsewhere"
                : message.contains("Permission denied") ? "the broker's user cannot write to " + dir + " on its host (" + endpoint
                + "): make it writable by that user, or point heap-dump-dir elsewhere"
                : message.contains("File exists") ? "a file " + path + " already exists on the broker's host: the dump never overwrites one"
                : message.contains("No space left on device") ? "the disk holding " + dir + " on the broker's host is full: a dump needs about the broker's "
                + "heap size free"
                : null;
        return why != null ? new ActionFailure("heap dump to " + path + " not written: " + why, ActionFailure.Kind.RETRY_LATER, e)
                : new ActionFailure("heap dump to " + path + " failed: " + message + " (the broker may still be writing it)", ActionFailure.Kind.STOPS_PLAN, e);
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
