package dev.kafkaremediator.evaluate.gate;

import java.time.Duration;

/**
 * When the gate fails an application: more new producers per 1,000 records than {@code maxProducersPer1000Records}
 * (default 1: one producer for the application's life writes thousands), or, at the window's rate, producer state
 * above {@code maxHeapShare} of a broker's maximum heap within {@code horizon} (default 10% within 30 days).
 *
 * @param bytesPerEntry heap one producer-state entry takes on a broker (256 B measured on Kafka 4.x)
 */
public record GateLimits(double maxProducersPer1000Records, double maxHeapShare, Duration horizon, long bytesPerEntry) {
    public static final GateLimits DEFAULTS = new GateLimits(1.0, 0.10, Duration.ofDays(30), 256);

    public GateLimits {
        if (!(maxProducersPer1000Records >= 0) || !(maxHeapShare > 0 && maxHeapShare <= 1) || horizon.isNegative() || horizon.isZero()
                || bytesPerEntry < 1) {
            throw new IllegalArgumentException("gate limits: producers per 1,000 records at least 0, heap share in (0, 1], a positive horizon"
                    + " and bytes per entry, got " + maxProducersPer1000Records + ", " + maxHeapShare + ", " + horizon + ", " + bytesPerEntry);
        }
    }
}
