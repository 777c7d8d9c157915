package dev.kafkaremediator.config.policy;

import java.time.Duration;
import java.util.Optional;

/** One action of a policy, in escalation order, with its parameters. Implemented by the actions step; here parsed and planned. */
public sealed interface ActionSpec {

    ActionLimits limits();

    /** The name used in policy files and plans. */
    String kind();

    /** Send the finding with its evidence (and the top topics) to the notifiers. */
    record Notify(ActionLimits limits, Optional<String> message) implements ActionSpec {
        public String kind() {
            return "notify";
        }
    }

    /** JMX DiagnosticCommand gcClassHistogram: the cheap first look at what fills the heap. */
    record ClassHistogram(ActionLimits limits, int top, Duration timeout) implements ActionSpec {
        public String kind() {
            return "class-histogram";
        }
    }

    /** JMX HotSpotDiagnostic dumpHeap on the broker's host; {@code live} forces a full GC first. */
    record HeapDump(ActionLimits limits, boolean live, Duration timeout) implements ActionSpec {
        public String kind() {
            return "heap-dump";
        }
    }

    /**
     * Lower the dynamic {@code producer.id.expiration.ms} (KIP-854) to {@code expiration} until every
     * broker's expiry pass has run and the counts stopped falling (at most {@code await}; empty:
     * "auto", from the brokers' check intervals), then restore the previous value if {@code restore}.
     * {@code floor}: the lowest expiration this policy may set (Kafka's producers retry for up to
     * delivery.timeout.ms, 2 minutes by default: an id expired before that risks duplicates).
     */
    record ExpireProducers(ActionLimits limits, Duration expiration, Optional<Duration> await, boolean restore, Duration floor) implements ActionSpec {
        public String kind() {
            return "expire-producers";
        }
    }

    /**
     * deleteRecords on the allowed topics: records older than {@code olderThan}, or everything up
     * to the end when {@code toEnd}. Never past a consumer group's committed offset unless
     * {@code allowPastConsumers}; at most {@code maxPartitions}, {@code maxRecords} and
     * {@code maxFraction} of a topic per run.
     */
    record Trim(ActionLimits limits, TopicFilter topics, Optional<Duration> olderThan, boolean toEnd, boolean allowPastConsumers,
                int maxPartitions, long maxRecords, double maxFraction) implements ActionSpec {
        public String kind() {
            return "trim";
        }
    }

    /**
     * A guarded rolling restart of the brokers holding the finding's replicas (all brokers for broker
     * findings). {@code preferredLeaderElection} when the policy says; otherwise the cluster's roll settings decide.
     */
    record Roll(ActionLimits limits, Optional<Boolean> preferredLeaderElection) implements ActionSpec {
        public String kind() {
            return "roll";
        }
    }
}
