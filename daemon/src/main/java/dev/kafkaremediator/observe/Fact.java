package dev.kafkaremediator.observe;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One observed value, or why it is unknown. A source that fails or times out yields
 * {@link Unknown} with the reason, never a zero: a dead broker must not look like a healthy,
 * empty one to the policies.
 */
public sealed interface Fact<T> {

    record Known<T>(T value) implements Fact<T> {
        public Known {
            Objects.requireNonNull(value, "value");
        }
    }

    record Unknown<T>(String reason) implements Fact<T> {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Fact<T> known(T value) {
        return new Known<>(value);
    }

    static <T> Fact<T> unknown(String reason) {
        return new Unknown<>(reason);
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    default Optional<T> optional() {
        return this instanceof Known<T> known ? Optional.of(known.value()) : Optional.empty();
    }

    /** The reason this is unknown, or empty when known. */
    default Optional<String> unknownReason() {
        return this instanceof Unknown<T> unknown ? Optional.of(unknown.reason()) : Optional.empty();
    }

    default <R> Fact<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Known<T> known) {
            return Fact.known(f.apply(known.value()));
        }
        return Fact.unknown(((Unknown<T>) this).reason());
    }

    default <R> Fact<R> flatMap(Function<? super T, Fact<R>> f) {
        if (this instanceof Known<T> known) {
            return f.apply(known.value());
        }
        return Fact.unknown(((Unknown<T>) this).reason());
    }
}
