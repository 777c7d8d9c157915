package dev.kafkaremediator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The shipped Grafana dashboard and Prometheus rules (systemd/monitoring/): the rules pass
 * {@code promtool check rules}, and every remediator metric their expressions name is one the daemon
 * registers. The files are read with Jackson and SnakeYAML; inside a PromQL expression our metrics are
 * the {@code kafka_remediator_*} words (PromQL functions and labels never start so).
 */
class MonitoringFilesTest {
    private static final Path MONITORING = Path.of(System.getProperty("remediator.home", "..")).resolve("systemd/monitoring");
    private static final Path DASHBOARD = MONITORING.resolve("kafka-remediator.grafana.json");
    private static final Path RULES = MONITORING.resolve("kafka-remediator.rules.yml");
    private static final Pattern OUR_METRIC = Pattern.compile("\\bkafka_remediator_[a-z0-9_]+\\b");

    @Test
    void theRulesPassPromtool() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        if (promtool.isEmpty()) {
            fail("promtool is not on PATH, so the shipped alerting rules cannot be checked. The build fetches it before the tests "
                    + "(scripts/test-tools.sh, into target/test-tools/bin); where it cannot, run `sudo apt-get install -y --no-install-recommends "
                    + "prometheus`, or put the promtool of a Prometheus release (https://prometheus.io/download/) on PATH.");
        }
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "rules", RULES.toString()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool answered within a minute").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyMetricTheDashboardQueriesIsOneTheDaemonExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(v -> expressions.add(v.path("query").path("query").asText("")));
        assertThat(expressions).as("the dashboard has queries").hasSizeGreaterThan(5);

        Set<String> used = metricsIn(expressions);
        assertThat(used).as("what the issue asks the dashboard to show").contains("kafka_remediator_broker_producer_ids",
                "kafka_remediator_topic_producer_entries", "kafka_remediator_broker_heap_after_gc_bytes",
                "kafka_remediator_cluster_producer_inits_per_second", "kafka_remediator_findings_opened_total", "kafka_remediator_actions_total");
        assertThat(exported()).containsAll(used);
    }

    @Test
    void everyMetricTheRulesNameIsOneTheDaemonExports() throws Exception {
        Map<String, Object> rules = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RULES));
        List<String> expressions = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                expressions.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
                alerts.add(String.valueOf(((Map<?, ?>) rule).get("alert")));
            }
        }
        assertThat(alerts).contains("KafkaRemediatorDown", "KafkaRemediatorClusterUnobserved", "KafkaRemediatorActionFailed",
                "KafkaRemediatorRollStopped", "KafkaRemediatorExpiryLeftLowered");
        assertThat(exported()).containsAll(metricsIn(expressions));
    }

    /** Everything ObservedMetrics registers, the action and finding counters among them. */
    private static Set<String> exported() {
        return new ObservedMetrics(10).names();
    }

    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = OUR_METRIC.matcher(e);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
