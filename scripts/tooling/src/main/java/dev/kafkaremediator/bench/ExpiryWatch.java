package dev.kafkaremediator.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the brokers' expiry takes at scale, seen from outside. Kafka logs nothing per pass: each
 * partition's log schedules its own {@code PeriodicProducerExpirationCheck} every
 * {@code producer.id.expiration.check.interval.ms}, timed from the log's creation (UnifiedLog), so
 * once {@code producer.id.expiration.ms} is lowered the partitions free their entries one after
 * another, over up to one interval plus the passes' own time at that size. {@code ProducerIdCount}
 * is summed over the partitions at each read, so it falls in steps: polled every {@code --poll-ms}
 * during the cure, the fall took at least the time from the first lower reading to the last reading
 * above the final count, and at most the time from the last reading at the starting count to the
 * first at the final one.
 */
@Command(name = "expiry-watch", description = "Poll brokers' ProducerIdCount during the cure; print when it fell and how long the fall (the partitions' expiry passes) took.")
final class ExpiryWatch implements Callable<Integer> {
    @Option(names = "--jmx", required = true, paramLabel = "HOST:PORT", description = "A broker's JMX address (repeatable).") List<String> jmx;
    @Option(names = "--poll-ms", defaultValue = "200") long pollMs;
    @Option(names = "--timeout-s", defaultValue = "1800", description = "Give up after this long (default ${DEFAULT-VALUE}).") long timeoutSeconds;
    @Option(names = "--until-at-most", defaultValue = "0", description = "Stop once every broker's count is at most this (default ${DEFAULT-VALUE}).")
    long untilAtMost;
    @Option(names = "--settle-s", defaultValue = "60",
            description = "Or stop once every count has fallen and then not changed for this long (default ${DEFAULT-VALUE}).")
    long settleSeconds;

    private final List<List<Sample>> samples = new ArrayList<>();
    private boolean printed;

    private record Sample(long nanos, long count) { }

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        ObjectName name = new ObjectName("kafka.server:type=ReplicaManager,name=ProducerIdCount");
        List<JMXConnector> connectors = new ArrayList<>();
        // Stopped from outside (SIGTERM) before the target: say what was seen so far.
        Thread hook = new Thread(() -> print(o, false));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (String address : jmx) {
                connectors.add(JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi")));
                samples.add(new ArrayList<>());
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long settle = TimeUnit.SECONDS.toNanos(settleSeconds);
            boolean done = false;
            while (!done && System.nanoTime() < deadline) {
                boolean atTarget = true;
                boolean settled = true;
                for (int i = 0; i < connectors.size(); i++) {
                    MBeanServerConnection c = connectors.get(i).getMBeanServerConnection();
                    long count = ((Number) c.getAttribute(name, "Value")).longValue();
                    long at = System.nanoTime() - start;
                    synchronized (this) {
                        List<Sample> s = samples.get(i);
                        // Keep the changes and the reading before each one: enough to bound the fall, bounded in memory.
                        if (s.size() >= 2 && s.get(s.size() - 1).count() == count && s.get(s.size() - 2).count() == count) {
                            s.set(s.size() - 1, new Sample(at, count));
                        } else {
                            s.add(new Sample(at, count));
                        }
                        atTarget &= count <= untilAtMost;
                        int n = s.size();
                        long plateauStart = n >= 2 && s.get(n - 2).count() == count ? s.get(n - 2).nanos() : at;
                        settled &= count < s.get(0).count() && at - plateauStart >= settle;
                    }
                }
                done = atTarget || settled;
                if (!done) {
                    TimeUnit.MILLISECONDS.sleep(pollMs);
                }
            }
            print(o, done);
            Runtime.getRuntime().removeShutdownHook(hook);
            return done ? 0 : IncidentBenchmark.FAILED;
        } finally {
            for (JMXConnector c : connectors) {
                try {
                    c.close();
                } catch (java.io.IOException ignored) {
                    // The broker may be gone by now; nothing to release.
                }
            }
        }
    }

    private synchronized void print(PrintStream o, boolean done) {
        if (printed) {
            return;
        }
        printed = true;
        for (int i = 0; i < samples.size(); i++) {
            if (!samples.get(i).isEmpty()) {
                o.println(summary(jmx.get(i), samples.get(i), done));
            }
        }
        o.flush();
    }

    private String summary(String address, List<Sample> s, boolean done) {
        long first = s.get(0).count();
        long last = s.get(s.size() - 1).count();
        int firstLower = -1;
        for (int k = 0; k < s.size(); k++) {
            if (s.get(k).count() < first) {
                firstLower = k;
                break;
            }
        }
        if (firstLower < 0) {
            return String.format(Locale.ROOT, "expiry of the broker at %s: ProducerIdCount stayed at %,d for %.1f s%s", address, first,
                    s.get(s.size() - 1).nanos() / 1e9, done ? "" : " (timed out)");
        }
        int firstFinal = s.size() - 1;
        while (firstFinal > 0 && s.get(firstFinal - 1).count() == last) {
            firstFinal--;
        }
        double lower = (s.get(Math.max(firstLower, firstFinal - 1)).nanos() - s.get(firstLower).nanos()) / 1e9;
        double upper = (s.get(firstFinal).nanos() - s.get(firstLower - 1).nanos()) / 1e9;
        return String.format(Locale.ROOT, "expiry of the broker at %s: ProducerIdCount %,d -> %,d, falling from %.1f s after the watch began;"
                        + " the fall (every partition's own expiry pass, each on its own timer) took %.2f-%.2f s (readings every %d ms)%s",
                address, first, last, s.get(firstLower).nanos() / 1e9, lower, upper, pollMs, done ? "" : " (timed out before the target)");
    }
}
