package dev.kafkaremediator.localpg;

/** The local PostgreSQL could not be started, stopped or read; the message says which and why. */
public final class LocalPostgresException extends RuntimeException {
    public LocalPostgresException(String message) {
        super(message);
    }

    public LocalPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
