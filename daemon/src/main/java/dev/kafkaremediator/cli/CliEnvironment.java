package dev.kafkaremediator.cli;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.observe.ClusterConnections;
import java.time.Clock;
import java.util.function.Function;

/** What every command is given instead of reaching for globals: a clock, a way to connect to a cluster, and the state stores. */
public record CliEnvironment(Clock clock, Function<ClusterConfig, ClusterConnections> connector,
                             Function<ClusterConfig, ActionConnections> actions, Function<RemediatorConfig, StateStores> stores) {

    public static CliEnvironment production() {
        Clock clock = Clock.systemUTC();
        return new CliEnvironment(clock, config -> ClusterConnections.open(config, clock), ActionConnections::open,
                config -> StateStores.configured(config, clock));
    }
}
