package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.config.StoreSettings;
import dev.kafkaremediator.incident.IncidentRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, point 4, on real processes: two daemon JVMs, one PostgreSQL, the local cluster. The
 * instance rolling the cluster is killed with SIGKILL while its second broker is being restarted;
 * the survivor takes the cluster over, judges that broker from its own JVM start time, and finishes
 * the roll: each broker restarted exactly once (counted in the brokers' own logs), each step in the
 * audit once, with the instance and lease token that did it.
 */
@ExtendWith({PostgresExtension.class, LocalClusterExtension.class})
class RollFailoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CHECKIN = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    /** The local-cluster marker of a broker start, appended to its broker.log at each start. */
    private static final String STARTED = "Kafka Server started";

    @TempDir
    Path dir;

    private RunningCluster cluster;
    private final Map<String, Process> daemons = new LinkedHashMap<>();

    @AfterEach
    void stopAndRestore() throws Exception {
        for (Process daemon : daemons.values()) {
            if (daemon.isAlive()) {
                daemon.destroy();
                if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        if (cluster != null) {
            cluster.restoreWhole();
        }
    }

    private String config(StoreSettings.Postgres pg, String instance, Path policies) {
        String endpoints = cluster.state().nodes().stream().map(n -> "\"" + n.id() + "\" = \"" + n.jmxAddress() + "\"").collect(Collectors.joining(", "));
        String restart = "[\"" + RunningCluster.projectHome().resolve("scripts/local-cluster.sh") + "\", \"--dir\", \"" + cluster.cluster().layout().dir()
                + "\", \"restart\", \"{id}\"]";
        return """
                remediator {
                  state-dir = "%s"
                  policy-dir = "%s"
                  dry-run = false
                  observe-interval = 2s
                  store.postgres {
                    url = "%s"
                    user = "%s"
                    schema = %s
                    instance-id = "%s"
                    ha { checkin-interval = %ds, lease-ttl = %ds, lease-margin = %ds }
                  }
                  clusters.it {
                    bootstrap-servers = "%s"
                    jmx.endpoints { %s }
                    timeouts { admin = 10s, jmx = 5s, census = 20s }
                    restart-command = %s
                    roll { check-interval = 1s, stable-checks = 1, restart-timeout = 90s }
                  }
                }
                """.formatted(dir.resolve(instance).resolve("state"), policies, pg.url(), pg.user(), pg.schema(), instance, CHECKIN.toSeconds(),
                LEASE.toSeconds(), MARGIN.toSeconds(), cluster.bootstrapServers(), endpoints, restart);
    }

    private void start(String instance, String text) throws Exception {
        Path home = Files.createDirectories(dir.resolve(instance));
        Path file = home.resolve("remediator.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        daemons.put(instance, Scripts.startDaemon(file, dir.resolve(instance + ".log")));
    }

    private String log(String instance) {
        try {
            Path file = dir.resolve(instance + ".log");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static List<List<String>> rows(RunningPostgres postgres, String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(values);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** The roll journal's row: the roll (JSON) and the instance that wrote it last; null before any roll. */
    private static JsonNode journal(RunningPostgres postgres, String schema) throws Exception {
        List<List<String>> r;
        try {
            r = rows(postgres, "SELECT roll::text, instance_id FROM " + schema + ".roll_journal WHERE cluster = 'it'");
        } catch (IllegalStateException notYet) {
            return null; // the schema is created by the first daemon's migration
        }
        if (r.isEmpty()) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode roll = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.get(0).get(0));
        roll.put("writtenBy", r.get(0).get(1));
        return roll;
    }

    private static String state(JsonNode roll, int broker) {
        return roll.get("brokers").get(String.valueOf(broker)).get("state").asText();
    }

    private long starts(int broker) throws Exception {
        String text = Files.readString(cluster.cluster().layout().brokerLog(broker), StandardCharsets.UTF_8);
        return text.split(java.util.regex.Pattern.quote(STARTED), -1).length - 1;
    }

    @Test
    void aRollCutByKillMinus9IsFinishedByTheSurvivorNoBrokerRestartedTwice(RunningPostgres postgres, RunningCluster c) throws Exception {
        cluster = c;
        new IncidentRun(new IncidentRun.Settings(c.bootstrapServers(), "it-roll-failover", 1, (short) 3, -1, 3, 0, null, 1, false), l -> { }).run();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("roll.conf"), """
                policies.it-roll {
                  description = "producer state: roll the brokers"
                  schedule.every = 2s
                  clusters = ["it"]
                  severity = critical
                  when.threshold { series = broker.producer-ids, above = 0 }
                  actions = [ { roll { enabled = true, cooldown = 24h, max-per-day = 1 } } ]
                }
                """, StandardCharsets.UTF_8);
        Map<Integer, Long> startsBefore = new LinkedHashMap<>();
        Map<Integer, Long> pidsBefore = new LinkedHashMap<>();
        for (int id : c.brokerIds()) {
            startsBefore.put(id, starts(id));
            pidsBefore.put(id, c.cluster().process(id).orElseThrow().pid());
        }
        StoreSettings.Postgres pg = postgres.newSchema("unused");
        String schema = pg.schema();
        try {
            start("ha-a", config(pg, "ha-a", policies));
            start("ha-b", config(pg, "ha-b", policies));

            // The rolling instance is the journal's writer; it is killed while its second broker's restart command runs.
            JsonNode[] cut = {null};
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode roll = journal(postgres, schema);
                if (roll == null || roll.get("order").size() < 2) {
                    return false;
                }
                int second = roll.get("order").get(1).asInt();
                cut[0] = roll;
                return "RESTARTING".equals(state(roll, second));
            });
            String victim = cut[0].get("writtenBy").asText();
            String survivor = victim.equals("ha-a") ? "ha-b" : "ha-a";
            daemons.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            List<Integer> order = new ArrayList<>();
            cut[0].get("order").forEach(n -> order.add(n.asInt()));
            System.out.println("[roll-failover] " + victim + " killed with broker " + order.get(1) + " RESTARTING; roll " + cut[0].get("id").asText());

            // The survivor takes the cluster, judges broker 2 from the broker itself, and finishes the roll.
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode roll = journal(postgres, schema);
                return roll != null && "DONE".equals(roll.get("status").asText());
            });
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            JsonNode done = journal(postgres, schema);
            System.out.println("[roll-failover] " + survivor + " finished roll " + done.get("id").asText() + " " + took.toMillis() + " ms after the kill");
            assertThat(done.get("id").asText()).isEqualTo(cut[0].get("id").asText());
            assertThat(done.get("writtenBy").asText()).isEqualTo(survivor);
            // The journal says DONE before the run's effect is read back and logged.
            await().atMost(Duration.ofSeconds(30)).until(() -> log(survivor).contains("cluster=it roll " + done.get("id").asText() + " resumed"));

            // Each broker restarted exactly once: one more start in each broker's own log, a new PID each.
            for (int id : c.brokerIds()) {
                assertThat(starts(id) - startsBefore.get(id)).as("starts of broker " + id).isEqualTo(1);
                assertThat(c.cluster().process(id).orElseThrow().pid()).as("pid of broker " + id).isNotEqualTo(pidsBefore.get(id));
            }

            // The audit: each broker's step once, by the instance that did it, under its lease token.
            String token = rows(postgres, "SELECT token FROM " + schema + ".cluster_lease WHERE cluster = 'it'").get(0).get(0);
            List<List<String>> steps = rows(postgres, "SELECT event, details->>'broker', coalesce(details->>'state', details->>'verdict', ''), instance_id,"
                    + " details->>'leaseToken' FROM " + schema + ".audit_event WHERE cluster = 'it' AND event IN ('roll-broker', 'roll-command', 'roll-judged')"
                    + " ORDER BY seq");
            String trail = steps.stream().map(r -> String.join(" ", r)).collect(Collectors.joining("\n"));
            System.out.println("[roll-failover] audit:\n" + trail);
            assertThat(steps.stream().map(r -> r.subList(0, 3)).distinct().count()).as("no step twice:\n" + trail).isEqualTo(steps.size());
            for (int id : c.brokerIds()) {
                assertThat(steps).as("broker " + id + " DONE once\n" + trail)
                        .filteredOn(r -> r.get(0).equals("roll-broker") && r.get(1).equals(String.valueOf(id)) && r.get(2).equals("DONE")).hasSize(1);
                assertThat(steps).as("broker " + id + " RESTARTING once\n" + trail)
                        .filteredOn(r -> r.get(0).equals("roll-broker") && r.get(1).equals(String.valueOf(id)) && r.get(2).equals("RESTARTING")).hasSize(1);
            }
            assertThat(steps).filteredOn(r -> r.get(1).equals(String.valueOf(order.get(0)))).allSatisfy(r -> assertThat(r.get(3)).isEqualTo(victim));
            assertThat(steps).filteredOn(r -> r.get(1).equals(String.valueOf(order.get(2))))
                    .allSatisfy(r -> assertThat(r.subList(3, 5)).containsExactly(survivor, token));
            assertThat(steps).as("the survivor judged the cut broker from its JVM start, and did not restart it\n" + trail)
                    .filteredOn(r -> r.get(0).equals("roll-judged")).singleElement()
                    .satisfies(r -> assertThat(r).containsExactly("roll-judged", String.valueOf(order.get(1)), "RESTARTED", survivor, token));
            assertThat(steps).filteredOn(r -> r.get(0).equals("roll-command") && r.get(3).equals(survivor)).extracting(r -> r.get(1))
                    .containsExactly(String.valueOf(order.get(2)));
        } catch (Throwable t) {
            for (String instance : daemons.keySet()) {
                System.out.println(instance + " log:\n" + log(instance));
            }
            throw t;
        }
    }

    /**
     * Point 3: kill -9 of the instance that has producer.id.expiration.ms lowered (it waits for the
     * brokers' expiry pass before restoring); the survivor puts back exactly the cluster default that
     * was there, once, and the audit says it did.
     */
    @Test
    void aLoweredExpiryLeftByAKilledInstanceIsRestoredByTheSurvivorOnce(RunningPostgres postgres, RunningCluster c) throws Exception {
        cluster = c;
        org.apache.kafka.common.config.ConfigResource defaults = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.BROKER, "");
        String was = "3600000";
        org.apache.kafka.clients.admin.Admin watcher = c.admin();
        try (org.apache.kafka.clients.admin.Admin admin = c.admin()) {
            admin.incrementalAlterConfigs(Map.of(defaults, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry("producer.id.expiration.ms", was),
                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
        try {
            new IncidentRun(new IncidentRun.Settings(c.bootstrapServers(), "it-expiry-failover", 1, (short) 3, -1, 3, 0, null, 1, false), l -> { }).run();
            Path policies = Files.createDirectories(dir.resolve("policies"));
            Files.writeString(policies.resolve("expire.conf"), """
                    policies.it-expire {
                      description = "producer state: expire idle ids now"
                      schedule.every = 2s
                      clusters = ["it"]
                      severity = warning
                      when.threshold { series = broker.producer-ids, above = 0 }
                      actions = [ { expire-producers { expiration = 5s, floor = 1s, await = auto, restore = true } } ]
                    }
                    """, StandardCharsets.UTF_8);
            StoreSettings.Postgres pg = postgres.newSchema("unused");
            String schema = pg.schema();
            start("ha-a", config(pg, "ha-a", policies));
            start("ha-b", config(pg, "ha-b", policies));

            // Killed as soon as the value is lowered: it is waiting for every broker's expiry pass (10 s here) before restoring.
            // The audit's record comes first (what to restore), the change right after it: both are awaited.
            String[] lowered = {null, null};
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    List<List<String>> r = rows(postgres, "SELECT instance_id, action_id FROM " + schema + ".audit_event WHERE event = 'expiry-lowered'");
                    if (r.isEmpty()) {
                        return false;
                    }
                    lowered[0] = r.get(0).get(0);
                    lowered[1] = r.get(0).get(1);
                    return "5000".equals(watcher.describeConfigs(List.of(defaults)).all().get(30, TimeUnit.SECONDS).get(defaults)
                            .get("producer.id.expiration.ms").value());
                } catch (IllegalStateException notYet) {
                    return false;
                }
            });
            String victim = lowered[0];
            String survivor = victim.equals("ha-a") ? "ha-b" : "ha-a";
            daemons.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            {
                org.apache.kafka.clients.admin.Admin admin = watcher;
                assertThat(admin.describeConfigs(List.of(defaults)).all().get(30, TimeUnit.SECONDS).get(defaults).get("producer.id.expiration.ms").value())
                        .as("left lowered by the killed instance").isEqualTo("5000");
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> was.equals(admin.describeConfigs(List.of(defaults))
                        .all().get(30, TimeUnit.SECONDS).get(defaults).get("producer.id.expiration.ms").value()));
            }
            System.out.println("[expiry-failover] " + victim + " killed with the expiry lowered; " + survivor + " restored " + was + " after "
                    + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms");
            await().atMost(Duration.ofSeconds(10)).until(() -> !rows(postgres, "SELECT 1 FROM " + schema
                    + ".audit_event WHERE event = 'expiry-restored'").isEmpty());
            List<List<String>> trail = rows(postgres, "SELECT event, instance_id, action_id FROM " + schema
                    + ".audit_event WHERE event IN ('expiry-lowered', 'expiry-restored', 'end') AND action_id = '" + lowered[1] + "' ORDER BY seq");
            assertThat(trail).as("lowered by the killed instance, restored once by the survivor, under the same action id")
                    .containsExactly(List.of("expiry-lowered", victim, lowered[1]), List.of("expiry-restored", survivor, lowered[1]));
            assertThat(rows(postgres, "SELECT count(*) FROM " + schema + ".audit_event WHERE event = 'expiry-lowered'"))
                    .as("the survivor did not lower it again (the shared ledger's cooldown)").containsExactly(List.of("1"));
        } catch (Throwable t) {
            for (String instance : daemons.keySet()) {
                System.out.println(instance + " log:\n" + log(instance));
            }
            throw t;
        } finally {
            watcher.close();
            try (org.apache.kafka.clients.admin.Admin admin = c.admin()) {
                admin.incrementalAlterConfigs(Map.of(defaults, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                        new org.apache.kafka.clients.admin.ConfigEntry("producer.id.expiration.ms", null),
                        org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE)))).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
