package dev.kafkaremediator.state.postgres;

/**
 * The PostgreSQL store could not be reached, migrated, read or written (the server is down, a
 * timeout, a refused login). Unchecked where the store's interface declares nothing, as the file
 * ledger's I/O errors are.
 */
public final class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
