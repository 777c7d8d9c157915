package dev.kafkaremediator.act;

/**
 * An action could not do what it said. {@code stopsPlan}: the plan must stop here (a half-done
 * change, an unknown state); otherwise the next evaluation may try again.
 */
public final class ActionFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean stopsPlan;

    public ActionFailure(String message, boolean stopsPlan) {
        super(message);
        this.stopsPlan = stopsPlan;
    }

    public ActionFailure(String message, boolean stopsPlan, Throwable cause) {
        super(message, cause);
        this.stopsPlan = stopsPlan;
    }

    public boolean stopsPlan() {
        return stopsPlan;
    }
}
