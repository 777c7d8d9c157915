package dev.kafkaremediator.act;

/**
 * An action could not do what it said, classed by what may happen next (like Strimzi's roller's
 * forceable, unforceable and fatal problems):
 * <ul>
 *   <li>{@link Kind#RETRY_LATER}: nothing was changed and the cause may pass (a timeout, a broker
 *   not answering): the same step may be tried again at a later evaluation;</li>
 *   <li>{@link Kind#FORCEABLE}: nothing was changed; a person may decide to go past it by hand with
 *   {@code --force --reason}; the daemon never does, so its ladder stops for that finding;</li>
 *   <li>{@link Kind#STOPS_PLAN}: a change may be half done or its state is unknown (a roll that
 *   stopped, a trim that failed on some partitions, the audit unwritable): nothing more is done for
 *   that finding until a person has looked.</li>
 * </ul>
 */
public final class ActionFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        RETRY_LATER, FORCEABLE, STOPS_PLAN
    }

    private final Kind kind;

    public ActionFailure(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public ActionFailure(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** {@code stopsPlan}: {@link Kind#STOPS_PLAN}, otherwise {@link Kind#RETRY_LATER}. */
    public ActionFailure(String message, boolean stopsPlan) {
        this(message, stopsPlan ? Kind.STOPS_PLAN : Kind.RETRY_LATER);
    }

    public ActionFailure(String message, boolean stopsPlan, Throwable cause) {
        this(message, stopsPlan ? Kind.STOPS_PLAN : Kind.RETRY_LATER, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean stopsPlan() {
        return kind == Kind.STOPS_PLAN;
    }
}
