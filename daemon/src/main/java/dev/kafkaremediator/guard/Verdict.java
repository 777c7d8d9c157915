package dev.kafkaremediator.guard;

import java.util.List;

/**
 * A guard's answer: allowed, or refused with its reasons. {@code overridable} says whether an
 * operator may force past it with a reason; the internal-topic and min-ISR guards never are.
 */
public record Verdict(String guard, boolean allowed, List<String> reasons, boolean overridable) {

    public Verdict {
        reasons = List.copyOf(reasons);
    }

    public static Verdict allow(String guard, String why) {
        return new Verdict(guard, true, List.of(why), false);
    }

    public static Verdict refuse(String guard, boolean overridable, List<String> reasons) {
        return new Verdict(guard, false, reasons, overridable);
    }

    public static Verdict refuse(String guard, boolean overridable, String reason) {
        return refuse(guard, overridable, List.of(reason));
    }

    @Override
    public String toString() {
        return guard + ": " + (allowed ? "allowed" : "REFUSED" + (overridable ? " (overridable with --force)" : "")) + " - " + String.join("; ", reasons);
    }
}
