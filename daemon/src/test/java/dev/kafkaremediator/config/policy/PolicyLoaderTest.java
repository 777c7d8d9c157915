package dev.kafkaremediator.config.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkaremediator.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    static final Path SHIPPED = Path.of(System.getProperty("remediator.home", "..")).resolve("policies");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String policy(String name, String extra) {
        return """
                policies.%s {
                  description = "d"
                  schedule.every = 1m
                  clusters = ["prod"]
                  severity = critical
                  when.threshold { series = broker.producer-ids, above = 100 }
                  actions = [ { notify {} } ]
                  %s
                }
                """.formatted(name, extra);
    }

    @Test
    void theShippedPoliciesAreValid() throws Exception {
        PolicySet set = PolicyLoader.load(List.of(SHIPPED), Optional.of(Set.of("local")));
        assertThat(set.policies()).extracting(Policy::name)
                .contains("producer-id-leak", "producer-id-leak-topics", "heap-pressure", "topic-count-limit", "producer-churn");
        Policy churn = set.policy("producer-churn").orElseThrow();
        assertEquals(Scope.CLUSTER, churn.scope());
        assertThat(churn.when()).isEqualTo(new Condition.AnyOf(List.of(
                new Condition.Threshold(Metric.CLUSTER_PRODUCER_INITS_PER_SECOND, true, 20, Optional.empty(), java.util.OptionalInt.of(2)),
                new Condition.AllOf(List.of(
                        new Condition.Threshold(Metric.CLUSTER_PRODUCER_INITS_PER_SECOND, true, 10, Optional.of(Duration.ofMinutes(10)),
                                java.util.OptionalInt.empty()),
                        new Condition.AboveBaseline(Metric.CLUSTER_PRODUCER_INITS_PER_SECOND, Duration.ofDays(7), 10))))));
        Policy leak = set.policy("producer-id-leak").orElseThrow();
        assertEquals(Scope.BROKER, leak.scope());
        assertThat(leak.actions()).extracting(ActionSpec::kind)
                .containsExactly("notify", "class-histogram", "heap-dump", "expire-producers", "trim", "roll");
        assertThat(leak.actions()).filteredOn(a -> a.kind().equals("trim") || a.kind().equals("roll"))
                .allSatisfy(a -> assertFalse(a.limits().enabled(), a.kind() + " is off until an operator enables it"));
        ActionSpec.HeapDump dump = (ActionSpec.HeapDump) set.policy("heap-pressure").orElseThrow().actions().get(0);
        assertEquals(1, dump.limits().maxPerDay());
        assertEquals(Duration.ofHours(24), dump.limits().cooldown());
    }

    @Test
    void aPolicyFileOverTheBoundIsRefusedUnread() throws Exception {
        write("a.conf", policy("leak", ""));
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(dir.resolve("huge.conf").toFile(), "rw")) {
            huge.setLength(60L * 1024 * 1024);
        }

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PolicyLoader.load(List.of(dir), Optional.empty()));

        assertThat(e.problems()).map(Object::toString).containsExactly(dir.resolve("huge.conf")
                + ": 62,914,560 bytes; a policy file may hold at most 131,072 bytes (128 KiB): not read (the parser needs about 80 times a file's"
                + " size in heap)");
    }

    @Test
    void duplicateNamesAcrossFilesNameBothPlaces() throws Exception {
        Path a = write("a.conf", policy("leak", ""));
        Path b = write("b.conf", policy("leak", ""));

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PolicyLoader.load(List.of(dir), Optional.empty()));

        assertThat(e.getMessage()).contains(b + ":1: policies.leak: duplicate policy name; already defined at " + a + ":1");
    }

    @Test
    void anUnknownClusterIsAnErrorWhenTheConfigurationIsKnown() throws Exception {
        Path file = write("a.conf", policy("leak", ""));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PolicyLoader.load(List.of(file), Optional.of(Set.of("prd", "staging"))));
        assertThat(e.getMessage()).contains(file + ":4: policies.leak.clusters: unknown cluster 'prod'; did you mean 'prd'?");
    }

    @Test
    void allErrorsOfAllFilesAreReportedTogether() throws Exception {
        write("a.conf", policy("one", "severity = loud"));
        write("b.conf", policy("two", "dry-run = perhaps"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PolicyLoader.load(List.of(dir), Optional.empty()));
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(e.getMessage()).contains("a.conf", "b.conf");
    }

    @Test
    void aPolicyCanOnlyMakeDryRunSafer() throws Exception {
        Policy dry = PolicyLoader.load(List.of(write("a.conf", policy("p", "dry-run = true"))), Optional.empty()).policies().get(0);
        Policy wet = PolicyLoader.load(List.of(write("b.conf", policy("q", "dry-run = false"))), Optional.empty()).policies().get(0);
        assertTrue(dry.effectiveDryRun(false));
        assertTrue(wet.effectiveDryRun(true), "dry-run = false in a policy cannot override a global dry-run");
        assertFalse(wet.effectiveDryRun(false));
    }

    @Test
    void pauseAndMaintenanceWindowsSuppressActions() throws Exception {
        Policy p = PolicyLoader.load(List.of(write("a.conf", policy("p",
                "paused-until = \"2026-11-25T12:00:00Z\", maintenance = [ { cron = \"0 0 2 ? * SUN\", duration = 2h } ]"))),
                Optional.empty()).policies().get(0);
        assertThat(p.suppression(Instant.parse("2026-11-25T11:59:59Z"))).get().asString().contains("paused until");
        assertThat(p.suppression(Instant.parse("2026-11-25T12:00:00Z"))).isEmpty();
        // 2026-11-29 is a Sunday: the window is 02:00 to 04:00 UTC.
        assertThat(p.suppression(Instant.parse("2026-11-29T01:59:59Z"))).isEmpty();
        assertThat(p.suppression(Instant.parse("2026-11-29T02:00:00Z"))).get().asString().contains("maintenance window");
        assertThat(p.suppression(Instant.parse("2026-11-29T03:59:59Z"))).isPresent();
        assertThat(p.suppression(Instant.parse("2026-11-29T04:00:01Z"))).isEmpty();
    }

    @Test
    void kafkasOwnTopicsNeverMatchATopicFilter() {
        TopicFilter all = TopicFilter.all();
        assertFalse(all.matches("__consumer_offsets"));
        assertFalse(all.matches("__transaction_state"));
        assertTrue(all.matches("orders"));
    }
}
