package dev.kafkaremediator.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaremediator.config.NotifierConfig;
import java.net.URI;

/** The request body each kind of receiver expects. */
final class NotificationPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationPayloads() {
    }

    static String body(NotifierConfig.Type type, Notification n) {
        return switch (type) {
            case WEBHOOK -> webhook(n).toString();
            case SLACK -> JSON.createObjectNode().put("text", n.text()).toString();
            case ALERTMANAGER -> alertmanager(n).toString();
        };
    }

    /** Alertmanager's API takes the alerts at /api/v2/alerts under its base URL. */
    static URI target(NotifierConfig config) {
        if (config.type() != NotifierConfig.Type.ALERTMANAGER || config.url().getPath().endsWith("/api/v2/alerts")) {
            return config.url();
        }
        String base = config.url().toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v2/alerts");
    }

    private static ObjectNode webhook(Notification n) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", "kafka-remediator");
        node.put("cluster", n.cluster());
        node.put("policy", n.policy());
        node.put("entity", n.entity());
        node.put("severity", n.severity());
        node.put("at", n.at().toString());
        node.put("title", n.title());
        node.put("dryRun", n.dryRun());
        node.put("text", n.text());
        ArrayNode evidence = node.putArray("evidence");
        n.evidence().forEach(evidence::add);
        ArrayNode actions = node.putArray("actions");
        n.actions().forEach(actions::add);
        node.set("details", JSON.valueToTree(n.details()));
        return node;
    }

    private static ArrayNode alertmanager(Notification n) {
        ArrayNode alerts = JSON.createArrayNode();
        ObjectNode alert = alerts.addObject();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", n.policy());
        labels.put("cluster", n.cluster());
        labels.put("entity", n.entity());
        labels.put("severity", n.severity());
        labels.put("source", "kafka-remediator");
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", n.title());
        annotations.put("description", n.text());
        alert.put("startsAt", n.at().toString());
        return alerts;
    }
}
