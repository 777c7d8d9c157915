package dev.kafkaremediator.evaluate;

import java.util.Map;

/**
 * Why a condition was (or was not) met: a sentence for people, and the figures behind it for
 * machines (value, window, rate, forecast and its fit quality).
 */
public record Evidence(Outcome outcome, String series, String summary, Map<String, Object> figures) {

    /** Unknown is its own outcome: missing samples never count as a zero, nor as "fine". */
    public enum Outcome {
        MET, NOT_MET, UNKNOWN
    }

    public Evidence {
        figures = Map.copyOf(figures);
    }

    public boolean met() {
        return outcome == Outcome.MET;
    }
}
