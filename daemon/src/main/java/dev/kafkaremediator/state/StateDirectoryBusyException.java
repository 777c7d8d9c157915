package dev.kafkaremediator.state;

import java.nio.file.Path;

/** Another process holds the state directory; the message names it and the way out. */
public final class StateDirectoryBusyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String holderPid;

    public StateDirectoryBusyException(Path stateDir, String holderPid) {
        super("state directory " + stateDir + " is in use by another remediator (pid " + holderPid + ", lock "
                + stateDir.resolve(StateDirectoryLock.FILE) + "); stop that one first, or give this one its own state-dir");
        this.holderPid = holderPid;
    }

    /** The holder's PID as it wrote it, or "unknown". */
    public String holderPid() {
        return holderPid;
    }
}
