package dev.kafkaremediator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaremediator.evaluate.Evidence;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.evaluate.TopicTrend;
import dev.kafkaremediator.plan.RemediationPlan;
import dev.kafkaremediator.plan.Step;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Findings and their plans as JSON, for check --json and plan --json. */
final class FindingsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FindingsJson() {
    }

    static ArrayNode of(List<RemediationPlan> plans) {
        ArrayNode array = JSON.createArrayNode();
        for (RemediationPlan plan : plans) {
            Finding f = plan.finding();
            ObjectNode node = array.addObject();
            node.put("key", f.key());
            node.put("policy", f.policy());
            node.put("cluster", f.cluster());
            node.put("scope", f.entity().scope().name().toLowerCase(Locale.ROOT));
            node.put("entity", f.entity().id());
            node.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            node.put("at", f.at().toString());
            node.put("description", f.description());
            node.put("dryRun", f.dryRun());
            f.actionsWithheld().ifPresentOrElse(w -> node.put("actionsWithheld", w), () -> node.putNull("actionsWithheld"));
            ArrayNode evidence = node.putArray("evidence");
            for (Evidence e : f.evidence()) {
                ObjectNode en = evidence.addObject();
                en.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
                en.put("series", e.series());
                en.put("summary", e.summary());
                en.set("figures", JSON.valueToTree(Map.copyOf(e.figures())));
            }
            ArrayNode topics = node.putArray("topTopics");
            for (TopicTrend t : f.topTopics()) {
                ObjectNode tn = topics.addObject();
                tn.put("topic", t.topic());
                tn.put("entries", t.entries());
                if (t.growthPerHour().isPresent()) {
                    tn.put("growthPerHour", t.growthPerHour().getAsDouble());
                } else {
                    tn.putNull("growthPerHour");
                }
            }
            ArrayNode steps = node.putArray("plan");
            for (Step s : plan.steps()) {
                ObjectNode sn = steps.addObject();
                sn.put("order", s.order());
                sn.put("action", s.kind());
                sn.put("target", s.target());
                sn.put("description", s.description());
                sn.set("parameters", JSON.valueToTree(s.action().parameters()));
                s.skipped().ifPresentOrElse(why -> sn.put("skipped", why), () -> sn.putNull("skipped"));
            }
        }
        return array;
    }
}
