package dev.kafkaremediator.observe;

import java.util.Map;

/**
 * The KRaft controller quorum (describeMetadataQuorum, KIP-836): the leader (the active
 * controller) and each voter's log end offset, to tell which voters are caught up.
 */
public record ControllerQuorum(int leaderId, long leaderEndOffset, Map<Integer, Long> voterEndOffsets) {

    public ControllerQuorum {
        voterEndOffsets = Map.copyOf(voterEndOffsets);
    }

    /** A voter within {@code maxLag} records of the leader's log end. */
    public boolean caughtUp(int voter, long maxLag) {
        Long end = voterEndOffsets.get(voter);
        return end != null && end >= leaderEndOffset - maxLag;
    }
}
