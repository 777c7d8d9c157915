package dev.kafkaremediator.cli;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.observe.ClusterConnections;
import java.time.Clock;
import java.util.function.Function;

/** What every command is given instead of reaching for globals: a clock and a way to connect to a cluster. */
public record CliEnvironment(Clock clock, Function<ClusterConfig, ClusterConnections> connector,
                             Function<ClusterConfig, ActionConnections> actions) {

    public static CliEnvironment production() {
        Clock clock = Clock.systemUTC();
        return new CliEnvironment(clock, config -> ClusterConnections.open(config, clock), ActionConnections::open);
    }
}
