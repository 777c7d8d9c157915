package dev.kafkaremediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.kafkaremediator.config.StoreSettings;
import java.net.InetSocketAddress;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several remediators as one (issue #15), on real processes: one PostgreSQL, the local Kafka
 * cluster listed under two names (two clusters for the remediator), and two daemon JVMs with the
 * same configuration but their instance id and state directory. Each cluster is observed,
 * evaluated and acted on by one instance at a time, the one holding its lease for the run (each
 * change of hands a new fencing token); after kill -9 of the instance that ran a cluster last, the
 * survivor runs it; and the finding's notification, shared through the audit and the open findings,
 * is sent once.
 *
 * <p>The daemons install the JDK-wide deserialization filter (JmxSerialFilter) at start, so a
 * daemon running its jobs from Quartz's JDBC store here shows that nothing Quartz reads is refused.
 */
@ExtendWith({PostgresExtension.class, LocalClusterExtension.class})
class FailoverIT {
    private static final Duration CHECKIN = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration OBSERVE = Duration.ofSeconds(2);
    private static final List<String> CLUSTERS = List.of("it-a", "it-b");

    @TempDir
    Path dir;

    private String config(RunningCluster cluster, StoreSettings.Postgres pg, String instance, Path policies, int hookPort) {
        String endpoints = cluster.state().nodes().stream().map(n -> "\"" + n.id() + "\" = \"" + n.jmxAddress() + "\"").collect(Collectors.joining(", "));
        String clusters = CLUSTERS.stream().map(name -> """
                    %s { bootstrap-servers = "%s", jmx.endpoints { %s }, timeouts { admin = 10s, jmx = 5s, census = 20s } }
                """.formatted(name, cluster.bootstrapServers(), endpoints)).collect(Collectors.joining());
        return """
                remediator {
                  state-dir = "%s"
                  policy-dir = "%s"
                  dry-run = false
                  observe-interval = %ds
                  store.postgres {
                    url = "%s"
                    user = "%s"
                    schema = %s
                    instance-id = "%s"
                    ha { checkin-interval = %ds, lease-ttl = %ds, lease-margin = %ds }
                  }
                  http { enabled = true, port = 0 }
                  notifiers { hook { type = webhook, url = "http://127.0.0.1:%d/hook" } }
                  clusters {
                %s  }
                }
                """.formatted(dir.resolve(instance).resolve("state"), policies, OBSERVE.toSeconds(), pg.url(), pg.user(), pg.schema(), instance,
                CHECKIN.toSeconds(), LEASE.toSeconds(), MARGIN.toSeconds(), hookPort, clusters);
    }

    private Process start(String text, String instance) throws Exception {
        Path home = Files.createDirectories(dir.resolve(instance));
        Path file = home.resolve("remediator.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return Scripts.startDaemon(file, dir.resolve(instance + ".log"));
    }

    private String log(String instance) throws Exception {
        Path file = dir.resolve(instance + ".log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** cluster -> holder of its lease. */
    private static Map<String, String> holders(RunningPostgres postgres, String schema) {
        Map<String, String> holders = new LinkedHashMap<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT cluster, holder FROM " + schema + ".cluster_lease ORDER BY cluster")) {
            while (rs.next()) {
                holders.put(rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException notYet) {
            // the schema is created by the first daemon's migration
        }
        return holders;
    }

    private static List<String> rows(RunningPostgres postgres, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }

    private static void stop(Process daemon) throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void eachClusterOnOneInstanceAKilledHolderIsTakenOverAndNothingIsDoneTwice(RunningPostgres postgres, RunningCluster cluster) throws Exception {
        // Producer state on every broker, so the policy finds something on both clusters (one Kafka cluster, two names).
        new dev.kafkaremediator.incident.IncidentRun(new dev.kafkaremediator.incident.IncidentRun.Settings(cluster.bootstrapServers(),
                "it-failover", 1, (short) 3, -1, 3, 0, null, 1, false), line -> { }).run();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("it.conf"), """
                policies.it-failover {
                  description = "any producer state at all"
                  schedule.every = 2s
                  clusters = ["*"]
                  severity = warning
                  when.threshold { series = broker.producer-ids, above = 0 }
                  actions = [ { notify { message = "failover test" } } ]
                }
                """, StandardCharsets.UTF_8);
        AtomicInteger posts = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        StoreSettings.Postgres pg = postgres.newSchema("unused");
        String schema = pg.schema();
        Map<String, Process> daemons = new LinkedHashMap<>();
        try {
            daemons.put("ha-a", start(config(cluster, pg, "ha-a", policies, hook.getAddress().getPort()), "ha-a"));
            // The second starts while the first may still be migrating and scheduling: both must end with one job per cluster.
            daemons.put("ha-b", start(config(cluster, pg, "ha-b", policies, hook.getAddress().getPort()), "ha-b"));
            await().atMost(Duration.ofSeconds(90)).until(() -> log("ha-a").contains("started:") && log("ha-b").contains("started:"));
            assertThat(log("ha-a") + log("ha-b")).contains("clustered as instance ha-a", "clustered as instance ha-b");
            assertThat(rows(postgres, "SELECT job_name, count(*) FROM " + schema + ".qrtz_job_details GROUP BY job_name ORDER BY 1"))
                    .containsExactly("it-a | 1", "it-b | 1");

            // (a) Each cluster on one instance at a time: whoever runs a firing holds the cluster's lease for the run, and
            // every change of hands is a new fencing token, so no token was ever taken by two instances.
            await().atMost(Duration.ofSeconds(60)).until(() -> holders(postgres, schema).size() == 2
                    && CLUSTERS.stream().allMatch(c -> logOf(holders(postgres, schema).get(c)).contains("cluster=" + c + " observed")));
            await().atMost(Duration.ofSeconds(60)).until(() -> CLUSTERS.stream()
                    .allMatch(c -> (logOf("ha-a") + logOf("ha-b")).contains("cluster=" + c + " policy=it-failover finding ongoing")));
            for (String c : CLUSTERS) {
                List<Long> tokens = takeoverTokens(c, log("ha-a") + log("ha-b"));
                assertThat(tokens).as("tokens of " + c + " taken (a move of the cluster is a new one)").doesNotHaveDuplicates().contains(1L);
            }
            // Both healthy past three observe intervals, also an instance that runs neither cluster lately: it stands by, and
            // judges each cluster by when any instance last reached it.
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String instance : daemons.keySet()) {
                String address = Scripts.httpAddress(dir.resolve(instance + ".log"));
                await().pollDelay(OBSERVE.multipliedBy(4)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://" + address + "/health")).timeout(Duration.ofSeconds(5)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).as(instance + ": " + health.body()).isEqualTo(200);
                    assertThat(health.body()).contains("\"lastReachableByAnyInstance\":\"");
                });
                // What it observed of a cluster another instance has run since is that one's to export: its gauges go.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + address + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    Map<String, String> holders = holders(postgres, schema);
                    for (String c : CLUSTERS) {
                        String gauge = "kafka_remediator_cluster_reachable{cluster=\"" + c + "\"}";
                        assertThat(metrics.contains(gauge)).as(instance + " exports " + gauge + " only while it ran " + c + " last (holder "
                                + holders.get(c) + ")").isEqualTo(instance.equals(holders.get(c)));
                    }
                });
            }

            // (b) kill -9 the instance that ran it-a last: the survivor runs it from then on. Killed between runs, the lease was
            // released and the next firing takes it; killed mid-run, the lease runs out and Quartz recovers the blocked trigger.
            String victim = holders(postgres, schema).get("it-a");
            String survivor = victim.equals("ha-a") ? "ha-b" : "ha-a";
            daemons.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            int from = log(survivor).length();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> log(survivor).substring(from).contains("cluster=it-a observed"));
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("[failover] " + victim + " killed; " + survivor + " observed it-a after " + took.toMillis() + " ms (check-in "
                    + CHECKIN + ", lease " + LEASE + " + margin " + MARGIN + ", observe " + OBSERVE + ")");
            // Killed mid-run: the job's trigger stays blocked until Quartz finds the instance dead (its last check-in plus
            // the check-in interval plus Quartz's 7.5 s, noticed at the survivor's own next check-in) and recovers it.
            Duration quartzRecovery = CHECKIN.multipliedBy(2).plusMillis(7_500);
            Duration leaseRunOut = LEASE.plus(MARGIN);
            // Then the next firing (one observe interval) and the observation itself; a check-in late by up to one interval
            // on a loaded machine is allowed for.
            assertThat(took).isLessThan((quartzRecovery.compareTo(leaseRunOut) > 0 ? quartzRecovery : leaseRunOut).plus(OBSERVE).plus(CHECKIN)
                    .plusSeconds(3));
            await().atMost(Duration.ofSeconds(30)).until(() -> log(survivor).substring(from).contains("cluster=it-a policy=it-failover finding ongoing"));
            assertThat(holders(postgres, schema)).containsEntry("it-a", survivor);
            List<Long> tokens = takeoverTokens("it-a", log("ha-a") + log("ha-b"));
            assertThat(tokens).doesNotHaveDuplicates();
            assertThat(rows(postgres, "SELECT token FROM " + schema + ".cluster_lease WHERE cluster = 'it-a'"))
                    .as("the row's token is the last taken").containsExactly(String.valueOf(tokens.stream().mapToLong(Long::longValue).max().orElseThrow()));

            // (c) Nothing twice: each finding's notification planned, audited and posted once, whoever held the cluster.
            List<String> notifies = rows(postgres, "SELECT cluster, details->>'finding', details->>'leaseToken', instance_id FROM " + schema
                    + ".audit_event WHERE event = 'plan' AND details->>'action' = 'notify' ORDER BY 1, 2");
            assertThat(notifies).as("one notification per broker finding per cluster").hasSize(6);
            assertThat(notifies.stream().map(r -> r.split(" \\| ")[0] + r.split(" \\| ")[1]).distinct()).as(String.join("\n", notifies)).hasSize(6);
            assertThat(notifies).as("each under the token of the run that planned it").allSatisfy(r -> assertThat(r).matches(".* \\| \\d+ \\| ha-[ab]"));
            assertThat(posts.get()).isEqualTo(6);
        } catch (Throwable t) {
            for (String instance : daemons.keySet()) {
                System.out.println(instance + " log:\n" + log(instance));
            }
            throw t;
        } finally {
            for (Process daemon : daemons.values()) {
                stop(daemon);
            }
            hook.stop(0);
        }
    }

    /** The fencing tokens with which instances took {@code cluster}, as their logs say. */
    private static List<Long> takeoverTokens(String cluster, String logs) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cluster=" + java.util.regex.Pattern.quote(cluster)
                + " lease taken by instance \\S+ \\(token (\\d+)\\)").matcher(logs);
        List<Long> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(Long.parseLong(m.group(1)));
        }
        return tokens;
    }

    private String logOf(String instance) {
        try {
            return instance == null ? "" : log(instance);
        } catch (Exception e) {
            return "";
        }
    }
}
