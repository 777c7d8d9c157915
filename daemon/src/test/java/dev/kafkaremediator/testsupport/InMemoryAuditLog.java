package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log in memory, in append order. */
public final class InMemoryAuditLog implements AuditLog {
    public final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void append(AuditEvent event) {
        events.add(event);
    }

    @Override
    public synchronized Read read(Instant since) {
        return new Read(events.stream().filter(e -> !e.time().isBefore(since)).toList(), List.of());
    }

    public synchronized List<String> eventNames() {
        return events.stream().map(AuditEvent::event).toList();
    }
}
