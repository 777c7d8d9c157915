package dev.kafkaremediator.state;

import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.FileAuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Run by tests as a second process: appends {@code args[2]} audit records with ids {@code args[1]-<n>} to the state directory {@code args[0]}. */
public final class AppendAuditMain {
    private AppendAuditMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        FileAuditLog log = new FileAuditLog(stateDir.resolve("audit"), Long.parseLong(args[3]), StateWriteLock.in(stateDir), Clock.systemUTC());
        System.out.println("started");
        System.out.flush();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            log.append(new AuditEvent(Instant.now(), args[1] + "-" + i, "plan", "c", "child", false, Map.of("n", i)));
        }
    }
}
