package dev.kafkaremediator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("remediator.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsClustersOverTheDefaults() throws Exception {
        RemediatorConfig config = ConfigLoader.load(write("""
                remediator {
                  state-dir = "state"
                  clusters {
                    prod {
                      bootstrap-servers = "k1:9092,k2:9092"
                      admin { security.protocol = SASL_SSL, sasl.mechanism = PLAIN }
                      jmx { port = 9999, username = monitor, password = "s3cret" }
                      timeouts { jmx = 3s }
                    }
                    local {
                      bootstrap-servers = "127.0.0.1:19092"
                      jmx.endpoints { "1" = "127.0.0.1:19292" }
                    }
                  }
                }
                """));
        assertEquals(dir.resolve("state"), config.stateDir());
        assertThat(config.dryRun()).as("dry-run is the default").isTrue();
        assertThat(config.http().enabled()).isFalse();
        assertEquals(Duration.ofDays(30), config.history().retention());
        ClusterConfig prod = config.cluster("prod");
        assertEquals("k1:9092,k2:9092", prod.bootstrapServers());
        assertEquals("SASL_SSL", prod.adminProperties().get("security.protocol"));
        assertEquals(Optional.of("k2:9999"), prod.jmx().endpoint(2, Optional.of("k2")));
        assertEquals(Duration.ofSeconds(3), prod.timeouts().jmx());
        assertEquals(Duration.ofSeconds(15), prod.timeouts().admin());
        assertEquals(100, prod.censusBatchSize(), "the default: a batch's answer is what the daemon's heap holds during a census");
        ClusterConfig local = config.cluster("local");
        assertEquals(Optional.of("127.0.0.1:19292"), local.jmx().endpoint(1, Optional.of("ignored")));
        assertEquals(Optional.empty(), local.jmx().endpoint(2, Optional.of("127.0.0.1")));
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        ClusterConfig prod = ConfigLoader.load(write("""
                remediator.clusters.prod {
                  bootstrap-servers = "k1:9092"
                  admin { sasl.jaas.config = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\\"hunter2\\";" }
                  jmx { port = 9999, username = monitor, password = "hunter2" }
                }
                """)).cluster("prod");
        assertThat(prod.toString()).doesNotContain("hunter2").contains("sasl.jaas.config");
    }

    @Test
    void everyProblemIsReportedWithFileLineAndKey() throws Exception {
        Path file = write("""
                remediator {
                  dry-rum = false
                  history { retention = -1d }
                  clusters {
                    prod {
                      bootstrap-server = "k1:9092"
                      jmx { port = 70000 }
                      timeouts { admin = "soon" }
                    }
                  }
                }
                """);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(file + ":2: remediator.dry-rum: unknown key; did you mean 'dry-run'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(file + ":3: remediator.history.retention: expected a positive duration"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(file + ":6: remediator.clusters.prod.bootstrap-server: unknown key; did you mean 'bootstrap-servers'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("remediator.clusters.prod.bootstrap-servers: missing"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(file + ":7: remediator.clusters.prod.jmx.port: expected a whole number from 1 to 65535, got 70000"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(file + ":8: remediator.clusters.prod.timeouts.admin: expected a duration"));
    }

    @Test
    void anUnsetEnvironmentVariableIsAnErrorWithItsLine() throws Exception {
        Path file = write("""
                remediator.clusters.prod {
                  bootstrap-servers = "k1:9092"
                  jmx { port = 9999, username = monitor, password = ${KAFKA_REMEDIATOR_TEST_UNSET_VARIABLE} }
                }
                """);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.getMessage()).contains(file + ":3").contains("KAFKA_REMEDIATOR_TEST_UNSET_VARIABLE");
    }

    @Test
    void anOptionalEnvironmentVariableMayBeUnset() throws Exception {
        ClusterConfig prod = ConfigLoader.load(write("""
                remediator.clusters.prod {
                  bootstrap-servers = "k1:9092"
                  jmx { port = 9999, username = ${?KAFKA_REMEDIATOR_TEST_UNSET_VARIABLE}, password = ${?KAFKA_REMEDIATOR_TEST_UNSET_VARIABLE} }
                }
                """)).cluster("prod");
        assertEquals(Optional.empty(), prod.jmx().password());
    }

    @Test
    void aMissingFileSaysWhich() {
        Path missing = dir.resolve("nope.conf");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(missing));
        assertThat(e.getMessage()).isEqualTo(missing + ": no such file");
    }

    @Test
    void aSyntaxErrorSaysWhere() throws Exception {
        Path file = write("remediator {\n  clusters {\n    prod { bootstrap-servers = \n");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.file()).contains("remediator.conf"));
    }

    @Test
    void theLocalClusterConfigWrittenByTheScriptLoads() throws Exception {
        RemediatorConfig config = ConfigLoader.load(write("""
                remediator {
                  state-dir = "/tmp/x/remediator-state"
                  dry-run = true
                  clusters {
                    local {
                      bootstrap-servers = "127.0.0.1:19092,127.0.0.1:19093"
                      jmx { endpoints { "1" = "127.0.0.1:19292", "2" = "127.0.0.1:19293" } }
                      restart-command = ["/x/scripts/local-cluster.sh", "--dir", "/tmp/x", "restart", "{id}"]
                    }
                  }
                }
                """));
        assertEquals(List.of("/x/scripts/local-cluster.sh", "--dir", "/tmp/x", "restart", "{id}"), config.cluster("local").restartCommand());
    }

    @Test
    void anAlertmanagerReSendsAtItsIntervalAndAlertsLinkToTheExternalUrl() throws Exception {
        RemediatorConfig config = ConfigLoader.load(write("""
                remediator {
                  http { enabled = true, external-url = "https://remediator.example.com/" }
                  notifiers {
                    am { type = alertmanager, url = "http://am:9093", resend-interval = 20s }
                    am-default { type = alertmanager, url = "http://am:9093" }
                  }
                }
                """));
        assertEquals(Duration.ofSeconds(20), config.notifiers().get("am").resendInterval());
        assertEquals(Duration.ofMinutes(1), config.notifiers().get("am-default").resendInterval(), "Prometheus's minute");
        assertEquals(Optional.of(java.net.URI.create("https://remediator.example.com/")), config.http().externalUrl());
    }

    @Test
    void aReSendIntervalOutOfRangeOrOnAWebhookIsRefused() throws Exception {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(write("""
                remediator {
                  http.external-url = "remediator:9405"
                  notifiers {
                    fast { type = alertmanager, url = "http://am:9093", resend-interval = 500ms }
                    slow { type = alertmanager, url = "http://am:9093", resend-interval = 2h }
                    hook { type = webhook, url = "http://hook", resend-interval = 1m }
                  }
                }
                """)));
        assertThat(e.getMessage()).contains("remediator.notifiers.fast.resend-interval: expected a duration from 1s to 1h, got 500ms")
                .contains("remediator.notifiers.slow.resend-interval: expected a duration from 1s to 1h")
                .contains("remediator.notifiers.hook.resend-interval: only alertmanager notifiers re-send")
                .contains("remediator.http.external-url: expected an http(s) URL with a host");
    }
}
