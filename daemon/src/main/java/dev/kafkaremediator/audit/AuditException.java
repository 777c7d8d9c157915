package dev.kafkaremediator.audit;

/** The audit log could not be written or read; the message names the file. */
public final class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
