package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.BrokerRestarter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A restart command in memory: records each broker restarted, fails for the brokers in
 * {@code failing}, and lets the test play the broker going down and coming back ({@code onRestart}).
 */
public final class FakeRestarter implements BrokerRestarter {
    public final List<Integer> restarted = new ArrayList<>();
    public Set<Integer> failing = Set.of();
    public IntConsumer onRestart = id -> { };

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String describe() {
        return "fake-restart {id}";
    }

    @Override
    public synchronized Outcome restart(int id, String host, Duration timeout) throws ActionFailure {
        restarted.add(id);
        if (failing.contains(id)) {
            throw new ActionFailure("restart command [fake-restart " + id + "] exited 1; output: no such unit", true);
        }
        onRestart.accept(id);
        return new Outcome(List.of("fake-restart", String.valueOf(id)), 0, "", Duration.ZERO);
    }
}
