package dev.kafkaremediator.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaremediator.config.NotifierConfig;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** The request body each kind of receiver expects. */
final class NotificationPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationPayloads() {
    }

    /**
     * @param endsAt       for Alertmanager: when the alert ends unless sent again (a firing finding), or ended (a resolved one);
     *                     empty leaves it to Alertmanager's resolve_timeout (a one-off event)
     * @param generatorUrl for Alertmanager: the link back to the sender
     */
    static String body(NotifierConfig.Type type, Notification n, Optional<Instant> endsAt, Optional<URI> generatorUrl) {
        return switch (type) {
            case WEBHOOK -> webhook(n).toString();
            case SLACK -> JSON.createObjectNode().put("text", n.text()).toString();
            case ALERTMANAGER -> alertmanager(n, endsAt, generatorUrl).toString();
        };
    }

    /**
     * Alertmanager's API takes the alerts at /api/v2/alerts under its base URL. The path is extended
     * on its own: a query (a proxy's {@code ?token=...}) stays a query, a fragment is not sent.
     */
    static URI target(NotifierConfig config) {
        URI url = config.url();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (config.type() != NotifierConfig.Type.ALERTMANAGER || path.endsWith("/api/v2/alerts")) {
            return url;
        }
        String alerts = path.replaceAll("/+$", "") + "/api/v2/alerts";
        StringBuilder out = new StringBuilder(url.getScheme()).append("://").append(url.getRawAuthority()).append(alerts);
        if (url.getRawQuery() != null) {
            out.append('?').append(url.getRawQuery());
        }
        return URI.create(out.toString());
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

    /**
     * Alertmanager identifies an alert by its labels: they must be the same on every send of one
     * finding, so they hold only what names the finding (policy, cluster, entity, severity), never
     * figures or times. {@code alertname} is the policy (as it always was); {@code policy} says the
     * same under its own name, for routes and silences that match on it.
     */
    static ArrayNode alertmanager(Notification n, Optional<Instant> endsAt, Optional<URI> generatorUrl) {
        ArrayNode alerts = JSON.createArrayNode();
        ObjectNode alert = alerts.addObject();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", n.policy());
        labels.put("cluster", n.cluster());
        labels.put("policy", n.policy());
        labels.put("entity", n.entity());
        labels.put("severity", n.severity());
        labels.put("source", "kafka-remediator");
        if (n.kind() == Notification.Kind.EVENT) {
            // Its own alert: without this label a halted ladder's message would replace the finding's alert of the same severity.
            labels.put("event", n.title().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        }
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", n.title());
        annotations.put("description", n.text());
        if (n.details().get("finding") != null) {
            annotations.put("finding", String.valueOf(n.details().get("finding")));
        }
        alert.put("startsAt", n.at().toString());
        endsAt.ifPresent(e -> alert.put("endsAt", e.toString()));
        generatorUrl.ifPresent(u -> alert.put("generatorURL", u.toString()));
        return alerts;
    }
}
