package dev.kafkaremediator.cli;

import dev.kafkaremediator.act.ActionConnections;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.config.RemediatorConfig;
import dev.kafkaremediator.lease.ClusterLeases;
import dev.kafkaremediator.observe.ClusterConnections;
import dev.kafkaremediator.state.postgres.PostgresLeases;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every command is given instead of reaching for globals: a clock, a way to connect to a
 * cluster, the state stores, and the clusters' leases over those stores (on-call actions take the
 * cluster's lease like a daemon's run does, when several remediators share PostgreSQL).
 */
public record CliEnvironment(Clock clock, Function<ClusterConfig, ClusterConnections> connector,
                             Function<ClusterConfig, ActionConnections> actions, Function<RemediatorConfig, StateStores> stores,
                             Function<StateStores, ClusterLeases> leases) {

    /** Leases as the stores say: none with the files (one instance), PostgreSQL's otherwise. */
    public CliEnvironment(Clock clock, Function<ClusterConfig, ClusterConnections> connector, Function<ClusterConfig, ActionConnections> actions,
                          Function<RemediatorConfig, StateStores> stores) {
        this(clock, connector, actions, stores, CliEnvironment::leasesOf);
    }

    public static CliEnvironment production() {
        Clock clock = Clock.systemUTC();
        // One for the process: every cluster's census shares what this heap can hold of Kafka's answers.
        dev.kafkaremediator.observe.CensusPermits census = dev.kafkaremediator.observe.CensusPermits.forThisJvm();
        return new CliEnvironment(clock, config -> ClusterConnections.open(config, clock, census), ActionConnections::open,
                config -> StateStores.configured(config, clock));
    }

    /**
     * The on-call holder is named apart from the daemon that may share the configuration (and its
     * instance id): the instance, then who ran the command. Its own session too, so the daemon on the
     * same host never takes the command's lease for its own.
     */
    static ClusterLeases leasesOf(StateStores stores) {
        return stores.database().<ClusterLeases>map(db -> new PostgresLeases(db.pool(), db.instanceId() + " (on-call, user "
                + System.getProperty("user.name", "unknown") + ")", db.settings().ha().leaseTtl(), db.settings().ha().leaseMargin()))
                .orElse(ClusterLeases.none());
    }
}
