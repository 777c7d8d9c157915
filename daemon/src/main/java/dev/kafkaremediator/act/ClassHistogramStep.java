package dev.kafkaremediator.act;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.observe.ProducerStateSize;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * GC.class_histogram of one broker: the top classes, the share of the live heap that is producer state,
 * and the bytes one entry costs there, which later readings of that broker use for its producer-state
 * bytes (in memory, until the daemon stops).
 */
public final class ClassHistogramStep implements ActionStep<String, ClassHistogram> {
    static final String KIND = "class-histogram";

    private final ActionContext context;
    private final int broker;
    private final int top;
    private final ActionLimits limits;
    private final Duration timeout;

    /** Broker {@code broker} of the planned {@code histogram}. */
    public ClassHistogramStep(ActionContext context, int broker, Action.ClassHistogram histogram) {
        this.context = context;
        this.broker = broker;
        this.top = histogram.top();
        this.limits = histogram.limits();
        this.timeout = histogram.timeout();
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
    public String prepare() throws ActionFailure {
        return JmxEndpoints.of(context, broker);
    }

    @Override
    public Map<String, Object> describe(String endpoint) {
        return Map.of("broker", broker, "jmx", endpoint, "note", "GC.class_histogram forces a full GC on the broker");
    }

    @Override
    public List<Verdict> guard(String endpoint) {
        return List.of();
    }

    @Override
    public ClassHistogram execute(String endpoint, ActionEvents events) throws ActionFailure {
        ClassHistogram h = ClassHistogram.parse(context.diagnostics().classHistogram(endpoint, timeout), top);
        h.bytesPerEntry().ifPresent(bytes -> context.jmx().rememberProducerStateSize(endpoint, ProducerStateSize.measured(bytes, context.now())));
        return h;
    }

    @Override
    public Map<String, Object> describeResult(ClassHistogram h) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("totalBytes", h.totalBytes());
        d.put("producerStateBytes", h.producerStateBytes());
        d.put("producerStateEntries", h.producerStateEntries());
        h.bytesPerEntry().ifPresent(b -> d.put("bytesPerEntry", b));
        d.put("producerStateShare", h.producerStateShare());
        d.put("top", h.top().stream().map(c -> Map.of("class", c.className(), "instances", c.instances(), "bytes", c.bytes())).toList());
        return d;
    }

    @Override
    public Effect verify(String endpoint, ClassHistogram h) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("producerStateShare", h.producerStateShare());
        h.bytesPerEntry().ifPresent(b -> evidence.put("bytesPerEntry", b));
        return Effect.effective(String.format(Locale.ROOT, "%.1f%% of broker %d's live heap is producer state (%d ProducerStateEntry, %d bytes, %s bytes each)",
                100 * h.producerStateShare(), broker, h.producerStateEntries(), h.producerStateBytes(),
                h.bytesPerEntry().isPresent() ? String.valueOf(h.bytesPerEntry().getAsLong()) : "?"), evidence);
    }
}
