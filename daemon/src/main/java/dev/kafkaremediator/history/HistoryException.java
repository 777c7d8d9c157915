package dev.kafkaremediator.history;

/** The history could not be read or written at all (directory not writable, disk full); damaged records are not this. */
public final class HistoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
