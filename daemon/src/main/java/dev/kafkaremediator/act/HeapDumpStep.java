package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.guard.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A heap dump of one broker, to a file under the cluster's heap-dump directory on the broker's host. */
public final class HeapDumpStep implements ActionStep<HeapDumpStep.Prepared, HeapDumpStep.Written> {
    static final String KIND = "heap-dump";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public record Prepared(String endpoint, Path path) { }

    public record Written(Path path, Duration took) { }

    private final ActionContext context;
    private final int broker;
    private final boolean live;
    private final ActionLimits limits;
    private final Duration timeout;

    /** Broker {@code broker} of the planned {@code dump}. */
    public HeapDumpStep(ActionContext context, int broker, Action.HeapDump dump) {
        this.context = context;
        this.broker = broker;
        this.live = dump.live();
        this.limits = dump.limits();
        this.timeout = dump.timeout();
    }

    @Override
    public Optional<ActionLimits> limits() {
        return Optional.of(limits);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String target() {
        return "broker " + broker;
    }

    @Override
    public Prepared prepare() throws ActionFailure {
        String endpoint = JmxEndpoints.of(context, broker);
        String file = context.cluster().name() + "-broker-" + broker + "-" + STAMP.format(context.now()) + ".hprof";
        return new Prepared(endpoint, context.cluster().heapDumpDir().resolve(file).normalize());
    }

    @Override
    public Map<String, Object> describe(Prepared p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("broker", broker);
        d.put("jmx", p.endpoint());
        d.put("path", p.path().toString());
        d.put("live", live);
        d.put("note", live ? "live=true forces a full GC and dumps reachable objects only" : "live=false dumps everything, no GC first");
        return d;
    }

    @Override
    public List<Verdict> guard(Prepared p) {
        return List.of(dumpPath(p.path()));
    }

    /** The file must resolve inside the configured directory: a dump can be gigabytes and must land where operators expect it. */
    Verdict dumpPath(Path path) {
        Path dir = context.cluster().heapDumpDir().normalize();
        return path.normalize().startsWith(dir) && path.getParent().equals(dir)
                ? Verdict.allow("dump-path", path + " is inside " + dir)
                : Verdict.refuse("dump-path", false, path + " resolves outside the heap-dump-dir " + dir);
    }

    @Override
    public Written execute(Prepared p, ActionEvents events) throws ActionFailure {
        long start = System.nanoTime();
        context.diagnostics().dumpHeap(p.endpoint(), p.path().toString(), live, timeout);
        return new Written(p.path(), Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public Map<String, Object> describeResult(Written w) {
        return Map.of("path", w.path().toString(), "durationMs", w.took().toMillis());
    }

    /** The file is on the broker's host; when that host is this one (the local cluster), check it is an HPROF file. */
    @Override
    public Effect verify(Prepared p, Written w) {
        if (!Files.isRegularFile(w.path())) {
            return Effect.unknown("written on broker " + broker + "'s host at " + w.path() + " (not visible from here)", Map.of("path", w.path().toString()));
        }
        try (InputStream in = Files.newInputStream(w.path())) {
            String header = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            long size = Files.size(w.path());
            return header.equals("JAVA PROFILE") ? Effect.effective("HPROF heap dump of " + size + " bytes at " + w.path(),
                    Map.of("path", w.path().toString(), "bytes", size))
                    : Effect.ineffective(w.path() + " is not an HPROF file", Map.of("path", w.path().toString()));
        } catch (IOException e) {
            return Effect.unknown("cannot read " + w.path() + ": " + e.getMessage(), Map.of("path", w.path().toString()));
        }
    }
}
