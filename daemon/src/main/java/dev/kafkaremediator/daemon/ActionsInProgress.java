package dev.kafkaremediator.daemon;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The actions this process is running now, by audit action id, over every watch of every cluster.
 * A reload that changes a cluster opens a new watch while the old one may still be running an
 * action (a lowered producer.id.expiration.ms held for a whole expiry pass): the new watch's
 * start-up repair must leave what such an action owns to it (#22.4), or it undoes the cure halfway.
 */
final class ActionsInProgress {
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Marks {@code actionId} as running until the returned handle is closed. */
    Running start(String actionId) {
        running.add(actionId);
        return () -> running.remove(actionId);
    }

    boolean running(String actionId) {
        return running.contains(actionId);
    }

    /** An action's mark; closing it ends the mark. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }
}
