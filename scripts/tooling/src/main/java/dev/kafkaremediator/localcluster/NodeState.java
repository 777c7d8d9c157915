package dev.kafkaremediator.localcluster;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One combined broker+controller node of the local cluster as recorded in its state file.
 * {@code pid} is the last process started for it (null when it was stopped by us).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeState(int id, int brokerPort, int controllerPort, int jmxPort, Long pid) {

    public NodeState withPid(Long newPid) {
        return new NodeState(id, brokerPort, controllerPort, jmxPort, newPid);
    }

    public String bootstrapAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public String jmxAddress() {
        return "127.0.0.1:" + jmxPort;
    }
}
