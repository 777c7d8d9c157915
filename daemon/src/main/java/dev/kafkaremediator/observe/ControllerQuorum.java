package dev.kafkaremediator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The KRaft controller quorum as its leader describes it (describeMetadataQuorum, KIP-836 and
 * KIP-595): the leader (the active controller; -1 while an election is under way), each voter's
 * last caught-up time, and the controllers' {@code controller.quorum.fetch.timeout.ms}.
 *
 * <p>Every timestamp comes from the leader's own clock, so comparing a voter's time with the
 * leader's needs no clock of ours. A voter whose time the leader does not report (it never caught
 * up since the leader was elected) has an empty one.
 */
public record ControllerQuorum(int leaderId, Map<Integer, Optional<Instant>> lastCaughtUp, Duration fetchTimeout) {
    /** Kafka's default {@code controller.quorum.fetch.timeout.ms}. */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMillis(2_000);

    public ControllerQuorum {
        lastCaughtUp = Map.copyOf(lastCaughtUp);
    }

    public boolean hasLeader() {
        return leaderId >= 0;
    }

    public boolean isVoter(int id) {
        return lastCaughtUp.containsKey(id);
    }

    public int voters() {
        return lastCaughtUp.size();
    }

    /** The leader's last caught-up time: "now" as the leader saw it when it answered. */
    public Optional<Instant> leaderTime() {
        return lastCaughtUp.getOrDefault(leaderId, Optional.empty());
    }

    /**
     * The leader itself, or a voter whose last caught-up time is less than the fetch timeout
     * behind the leader's: a follower that has not fetched within that timeout would itself start
     * an election (KIP-595), so it cannot be counted on to keep the quorum.
     */
    public boolean caughtUp(int voter) {
        if (voter == leaderId && isVoter(voter)) {
            return true;
        }
        Optional<Instant> leader = leaderTime();
        Optional<Instant> own = lastCaughtUp.getOrDefault(voter, Optional.empty());
        return leader.isPresent() && own.isPresent() && Duration.between(own.get(), leader.get()).compareTo(fetchTimeout) < 0;
    }
}
