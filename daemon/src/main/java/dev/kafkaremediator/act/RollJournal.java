package dev.kafkaremediator.act;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A roll's progress, kept so that a remediator restarted mid-roll knows where it stood. File-based
 * by default ({@link FileRollJournal}).
 */
public interface RollJournal {

    /** Each broker of a roll moves through these; a roll stops at the first FAILED. */
    enum BrokerState {
        PENDING, CHECKING, RESTARTING, STARTING, RECOVERING, IN_SYNC, DONE, FAILED
    }

    /** RUNNING when the process died mid-roll; STOPPED when a shutdown stopped it at a safe point (between brokers). */
    enum Status {
        RUNNING, DONE, FAILED, STOPPED
    }

    record BrokerProgress(BrokerState state, Instant since, int attempts, String note) {
        public BrokerProgress {
            // A journal is read back after a crash, perhaps edited: what every reader dereferences is checked here, once.
            if (state == null) {
                throw new IllegalArgumentException("a broker's progress needs its state");
            }
            note = note == null ? "" : note;
        }
    }

    record Roll(String id, String cluster, Instant started, List<Integer> order, Map<Integer, BrokerProgress> brokers, Status status, String note) {
        public Roll {
            List<String> absent = new java.util.ArrayList<>();
            Object[][] fields = {{id, "id"}, {cluster, "cluster"}, {started, "start time"}, {order, "order"}, {brokers, "brokers' progress"}, {status, "status"}};
            for (Object[] field : fields) {
                if (field[0] == null) {
                    absent.add((String) field[1]);
                }
            }
            if (!absent.isEmpty()) {
                throw new IllegalArgumentException("a roll needs its " + String.join(", ", absent) + " (missing or null)");
            }
            if (order.stream().anyMatch(java.util.Objects::isNull) || brokers.keySet().stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("the order " + order + " or the brokers " + brokers.keySet() + " hold a null broker id");
            }
            note = note == null ? "" : note;
            Map<Integer, BrokerProgress> progress = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(brokers));
            order = List.copyOf(order);
            brokers = progress;
            List<Integer> missing = order.stream().filter(b -> progress.get(b) == null).toList();
            List<Integer> empty = progress.keySet().stream().filter(b -> progress.get(b) == null).toList();
            if (!empty.isEmpty()) {
                throw new IllegalArgumentException("brokers " + empty + " have no progress recorded");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the order " + order + " names brokers " + missing + " with no progress recorded");
            }
        }

        public Roll with(int broker, BrokerProgress progress) {
            Map<Integer, BrokerProgress> next = new java.util.LinkedHashMap<>(brokers);
            next.put(broker, progress);
            return new Roll(id, cluster, started, order, next, status, note);
        }

        public Roll finished(Status newStatus, String why) {
            return new Roll(id, cluster, started, order, brokers, newStatus, why);
        }

        public List<Integer> remaining() {
            return order.stream().filter(b -> brokers.get(b).state() != BrokerState.DONE).toList();
        }
    }

    Optional<Roll> load(String cluster) throws ActionFailure;

    void save(Roll roll) throws ActionFailure;

    /**
     * The cluster's roll lock, held for a whole roll so two rolls of one cluster never run at once
     * (daemon and on-call CLI alike); empty when someone else holds it. Close it to release.
     */
    Optional<AutoCloseable> tryLock(String cluster) throws ActionFailure;

    /** The first line of a parser's message: what a journal's refusal quotes (Jackson's messages go on with the source). */
    static String firstLine(String message) {
        String text = message == null ? "" : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
