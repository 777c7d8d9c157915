package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.history.HistoryException;

import java.util.Map;

/** The open findings per cluster, kept so a restarted daemon knows a problem is ongoing, not new. */
public interface FindingStore {

    Map<String, OpenFinding> load(String cluster) throws HistoryException;

    void save(String cluster, Map<String, OpenFinding> open) throws HistoryException;
}
