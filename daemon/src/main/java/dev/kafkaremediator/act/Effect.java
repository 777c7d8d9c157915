package dev.kafkaremediator.act;

import java.util.Map;

/** What an action achieved, checked after it ran: effective, ineffective (escalate), or unknown. */
public record Effect(Outcome outcome, String summary, Map<String, Object> figures) {

    public enum Outcome {
        EFFECTIVE, INEFFECTIVE, UNKNOWN
    }

    public Effect {
        figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
    }

    public static Effect effective(String summary, Map<String, Object> figures) {
        return new Effect(Outcome.EFFECTIVE, summary, figures);
    }

    public static Effect ineffective(String summary, Map<String, Object> figures) {
        return new Effect(Outcome.INEFFECTIVE, summary, figures);
    }

    public static Effect unknown(String summary, Map<String, Object> figures) {
        return new Effect(Outcome.UNKNOWN, summary, figures);
    }
}
