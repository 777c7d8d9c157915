package dev.kafkaremediator.config.policy;

/** The limits an action has when a policy does not say (and for on-call commands). */
public final class ActionDefaults {
    /** How long one broker's heap dump may take: gigabytes written by the broker JVM to its own disk. */
    public static final java.time.Duration HEAP_DUMP_TIMEOUT = java.time.Duration.ofMinutes(10);
    /** How long one broker's GC.class_histogram may take (a full GC, then a walk of the heap). */
    public static final java.time.Duration CLASS_HISTOGRAM_TIMEOUT = java.time.Duration.ofMinutes(2);

    /**
     * The lowest producer.id.expiration.ms the cure sets unless told otherwise: the producers' default
     * delivery.timeout.ms. Kafka's doc of producer.id.expiration.ms: an id expired while its producer
     * still retries a batch can let that retry be written twice.
     */
    public static final java.time.Duration EXPIRATION_FLOOR = java.time.Duration.ofMinutes(2);
    /** producer.id.expiration.ms is an INT config: Kafka refuses anything longer. */
    public static final long EXPIRATION_MAX_MS = Integer.MAX_VALUE;

    private ActionDefaults() {
    }

    public static ActionLimits limits(String kind) {
        ActionLimits limits = ActionReader.DEFAULTS.get(kind);
        if (limits == null) {
            throw new IllegalArgumentException("no action " + kind);
        }
        return limits;
    }
}
