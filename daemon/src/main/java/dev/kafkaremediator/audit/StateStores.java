package dev.kafkaremediator.audit;

import dev.kafkaremediator.act.FileRollJournal;
import dev.kafkaremediator.act.RollJournal;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.evaluate.FileFindingStore;
import dev.kafkaremediator.evaluate.FindingStore;
import dev.kafkaremediator.guard.ActionLedger;
import dev.kafkaremediator.guard.FileActionLedger;
import dev.kafkaremediator.history.FileHistoryStore;
import dev.kafkaremediator.history.HistoryStore;
import dev.kafkaremediator.state.StateWriteLock;
import java.time.Clock;

/**
 * The state that outlives a process, each kind behind its own interface: history, open findings,
 * the action ledger (cooldowns and daily counts), the audit log and the roll journal (with the
 * roll lock). The file stores of one state directory share its write lock: appends and the
 * ledger's check-and-record are serialized across threads and processes (daemon and CLI). The daemon and every command get them from here and see only the interfaces, so
 * another store (PostgreSQL, for several remediators acting as one) replaces the files in one place.
 */
public record StateStores(HistoryStore history, FindingStore findings, ActionLedger ledger, AuditLog audit, RollJournal journal) {

    /** The embedded default: files under the configuration's state directory. */
    public static StateStores files(RemediatorConfig config, Clock clock) {
        // One write lock for the whole directory, shared by every store (see StateWriteLock for why one per process).
        StateWriteLock lock = StateWriteLock.in(config.stateDir());
        return new StateStores(
                new FileHistoryStore(config.stateDir().resolve("history"), config.history().retention(), config.history().minInterval(), clock, lock),
                new FileFindingStore(config.stateDir().resolve("findings")),
                new FileActionLedger(config.stateDir().resolve("actions"), clock, lock),
                FileAuditLog.in(config.stateDir(), lock, clock),
                new FileRollJournal(config.stateDir().resolve("rolls")));
    }
}
