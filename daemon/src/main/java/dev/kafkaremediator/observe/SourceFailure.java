package dev.kafkaremediator.observe;

/** One observation source (a call to the cluster, one broker's JMX) failed or timed out; the message says which and why. */
public final class SourceFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceFailure(String message) {
        super(message);
    }

    public SourceFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
