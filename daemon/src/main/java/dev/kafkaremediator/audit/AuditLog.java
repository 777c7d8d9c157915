package dev.kafkaremediator.audit;

import java.time.Instant;
import java.util.List;

/** The append-only audit stream, separate from debug logs. File-based by default ({@link FileAuditLog}). */
public interface AuditLog {

    /**
     * Appends one record durably (flushed and synced) before returning.
     *
     * @throws AuditException when the record could not be written: callers must not act without an audit trail
     */
    void append(AuditEvent event) throws AuditException;

    /** Records since {@code since}, oldest first; damaged lines are reported in {@code skipped}. */
    Read read(Instant since) throws AuditException;

    record Read(List<AuditEvent> events, List<String> skipped) {
        public Read {
            events = List.copyOf(events);
            skipped = List.copyOf(skipped);
        }
    }
}
