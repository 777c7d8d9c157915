package dev.kafkaremediator.act;

import java.util.Map;

/**
 * Where an action's progress goes: implemented by the audit (one durable record per event). An
 * event that cannot be recorded stops the action: nothing is done without an audit trail.
 */
@FunctionalInterface
public interface ActionEvents {
    void record(String event, Map<String, Object> details) throws ActionFailure;
}
