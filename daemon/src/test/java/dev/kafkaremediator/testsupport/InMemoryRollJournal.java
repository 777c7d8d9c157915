package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.RollJournal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The roll journal in memory, every saved version kept (to check the states a roll went through), with the lock. */
public final class InMemoryRollJournal implements RollJournal {
    private final Map<String, Roll> rolls = new HashMap<>();
    private final Set<String> locked = new HashSet<>();
    public final List<Roll> saved = new ArrayList<>();

    @Override
    public synchronized Optional<Roll> load(String cluster) {
        return Optional.ofNullable(rolls.get(cluster));
    }

    @Override
    public synchronized void save(Roll roll) {
        rolls.put(roll.cluster(), roll);
        saved.add(roll);
    }

    @Override
    public synchronized Optional<AutoCloseable> tryLock(String cluster) {
        if (!locked.add(cluster)) {
            return Optional.empty();
        }
        return Optional.of(() -> {
            synchronized (this) {
                locked.remove(cluster);
            }
        });
    }

    public synchronized boolean isLocked(String cluster) {
        return locked.contains(cluster);
    }
}
