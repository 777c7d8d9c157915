package dev.kafkaremediator.evaluate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A problem that is still going on: since when, last seen when, after how many evaluations, which
 * of its policy's actions were already tried for it (so the ladder escalates, never repeats), and
 * why its ladder was halted, if it was ({@code halted}, empty when not: a failure that stops the
 * plan or needs a person; nothing more is done for it until it resolves).
 */
public record OpenFinding(String key, String policy, String entity, String severity, Instant firstSeen, Instant lastSeen, int evaluations,
                          String summary, List<String> attempted, String halted) {

    public OpenFinding {
        attempted = attempted == null ? List.of() : List.copyOf(attempted);
        halted = halted == null ? "" : halted;
    }

    /**
     * The finding's id in the audit: the same for every evaluation of one ongoing problem (and
     * across daemon restarts, since it derives from what is stored), a new one when the problem
     * comes back after it resolved.
     */
    public String id() {
        return id(key, firstSeen);
    }

    public static String id(String key, Instant firstSeen) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((key + "@" + firstSeen).getBytes(StandardCharsets.UTF_8));
            return "finding-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public boolean ladderHalted() {
        return !halted.isEmpty();
    }

    public OpenFinding withAttempted(String action) {
        List<String> more = new ArrayList<>(attempted);
        more.add(action);
        return new OpenFinding(key, policy, entity, severity, firstSeen, lastSeen, evaluations, summary, more, halted);
    }

    public OpenFinding halted(String why) {
        return new OpenFinding(key, policy, entity, severity, firstSeen, lastSeen, evaluations, summary, attempted, why);
    }
}
