package dev.kafkaremediator.history;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/** The values of the key series at one instant. A series whose fact was unknown is absent, never zero. */
public record Sample(Instant time, Map<String, Double> values) {

    public Sample {
        values = Map.copyOf(values);
    }

    public OptionalDouble value(String series) {
        Double v = values.get(series);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
