package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.config.policy.ActionLimits;
import dev.kafkaremediator.guard.Verdict;
import dev.kafkaremediator.testsupport.InMemoryActionLedger;
import dev.kafkaremediator.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionRunnerTest {
    private final List<String> events = new ArrayList<>();
    private final ActionEvents recorder = (event, details) -> events.add(event);
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final InMemoryActionLedger ledger = new InMemoryActionLedger();
    private final ActionRunner runner = new ActionRunner(ledger, "c", clock);

    /** A step whose guards and change are plain values; {@code executed} says whether the change was made. */
    private static final class FakeStep implements ActionStep<String, String> {
        final List<Verdict> verdicts;
        Optional<ActionLimits> limits = Optional.empty();
        ActionFailure failure;
        boolean executed;

        FakeStep(Verdict... verdicts) {
            this.verdicts = List.of(verdicts);
        }

        public String kind() {
            return "fake";
        }

        public String target() {
            return "t";
        }

        public Optional<ActionLimits> limits() {
            return limits;
        }

        public String prepare() {
            return "p";
        }

        public Map<String, Object> describe(String p) {
            return Map.of("will", "change t");
        }

        public List<Verdict> guard(String p) {
            return verdicts;
        }

        public String execute(String p, ActionEvents events) throws ActionFailure {
            if (failure != null) {
                throw failure;
            }
            executed = true;
            return "r";
        }

        public Map<String, Object> describeResult(String r) {
            return Map.of();
        }

        public Effect verify(String p, String r) {
            return Effect.effective("ok", Map.of());
        }
    }

    private static ActionRunner.Mode mode(boolean dryRun, boolean force) {
        return new ActionRunner.Mode(dryRun, force, force ? Optional.of("on-call says so") : Optional.empty(), ActionRunner.Confirmation.granted());
    }

    @Test
    void allowedStepsRunAndTheirEffectIsRecorded() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = runner.run(step, mode(false, false), recorder);
        assertEquals(RunResult.Status.DONE, r.status());
        assertThat(step.executed).isTrue();
        assertEquals(List.of("plan", "guard", "start", "end", "effect"), events);
    }

    @Test
    void aDryRunTakesTheSamePathAndStopsBeforeTheChange() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = runner.run(step, mode(true, false), recorder);
        assertEquals(RunResult.Status.DRY_RUN, r.status());
        assertThat(step.executed).isFalse();
        assertEquals(List.of("plan", "guard", "dry-run"), events);
    }

    @Test
    void forceGoesPastOverridableRefusalsOnly() throws Exception {
        FakeStep cooldown = new FakeStep(Verdict.refuse("cooldown", true, "ran 5 min ago"));
        assertEquals(RunResult.Status.REFUSED, runner.run(cooldown, mode(false, false), recorder).status());
        assertEquals(RunResult.Status.DONE, runner.run(cooldown, mode(false, true), recorder).status());
        assertThat(events).contains("forced");

        FakeStep internal = new FakeStep(Verdict.refuse("internal-topics", false, "__consumer_offsets"));
        RunResult r = runner.run(internal, mode(false, true), recorder);
        assertEquals(RunResult.Status.REFUSED, r.status());
        assertEquals("internal-topics", r.refusedBy().orElseThrow().guard());
        assertThat(internal.executed).isFalse();
    }

    @Test
    void forceWithoutAReasonIsNotAccepted() {
        assertThrows(IllegalArgumentException.class, () -> new ActionRunner.Mode(false, true, Optional.empty(), ActionRunner.Confirmation.granted()));
    }

    @Test
    void anUnconfirmedStepChangesNothing() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = runner.run(step, new ActionRunner.Mode(false, false, Optional.empty(), plan -> false), recorder);
        assertEquals(RunResult.Status.DECLINED, r.status());
        assertThat(step.executed).isFalse();
    }

    @Test
    void anAuditThatCannotBeWrittenStopsTheAction() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = runner.run(step, mode(false, false), (event, details) -> {
            throw new ActionFailure("disk full", true);
        });
        assertEquals(RunResult.Status.FAILED, r.status());
        assertThat(step.executed).isFalse();
    }

    @Test
    void theRunnerChecksTheCooldownAndRecordsTheRunBeforeTheChange() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        step.limits = Optional.of(new ActionLimits(true, Duration.ofHours(1), 2));
        assertEquals(RunResult.Status.DONE, runner.run(step, mode(false, false), recorder).status());
        assertThat(ledger.entries).singleElement().satisfies(e -> assertEquals("fake", e.action()));

        clock.advance(Duration.ofMinutes(59).plusSeconds(59).plusMillis(999));
        FakeStep first = new FakeStep(Verdict.allow("g", "fine"));
        first.limits = step.limits;
        RunResult early = runner.run(first, mode(false, false), recorder);
        assertEquals(RunResult.Status.REFUSED, early.status(), "one millisecond before the cooldown ends");
        assertEquals("cooldown", early.refusedBy().orElseThrow().guard());
        assertThat(early.refusedForNow()).isTrue();

        clock.advance(Duration.ofMillis(1));
        FakeStep second = new FakeStep(Verdict.allow("g", "fine"));
        second.limits = step.limits;
        assertEquals(RunResult.Status.DONE, runner.run(second, mode(false, false), recorder).status(), "at the end of the cooldown");

        clock.advance(Duration.ofHours(2));
        FakeStep third = new FakeStep(Verdict.allow("g", "fine"));
        third.limits = step.limits;
        RunResult overLimit = runner.run(third, mode(false, false), recorder);
        assertEquals(RunResult.Status.REFUSED, overLimit.status(), "two runs a day at most");
        assertThat(overLimit.refusedBy().orElseThrow().reasons().get(0)).contains("at most 2");
        assertThat(third.executed).isFalse();
    }

    @Test
    void aDryRunIsNotEnteredInTheLedger() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        step.limits = Optional.of(new ActionLimits(true, Duration.ofHours(1), 1));
        runner.run(step, mode(true, false), recorder);
        assertThat(ledger.entries).isEmpty();
    }

    @Test
    void aFailureSaysWhatMayHappenNext() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        step.failure = new ActionFailure("half of the partitions trimmed", ActionFailure.Kind.STOPS_PLAN);
        RunResult r = runner.run(step, mode(false, false), recorder);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertEquals(Optional.of(ActionFailure.Kind.STOPS_PLAN), r.failureKind());

        step.failure = new ActionFailure("broker 2 did not answer", false);
        assertEquals(Optional.of(ActionFailure.Kind.RETRY_LATER), runner.run(step, mode(false, false), recorder).failureKind());
    }

    @Test
    void everyRunIsToldToTheOutcomesWithItsEndAndItsAuditedEvents() throws Exception {
        List<String> ended = new ArrayList<>();
        List<String> told = new ArrayList<>();
        ActionOutcomes outcomes = new ActionOutcomes() {
            public void ended(String cluster, String action, RunResult result) {
                ended.add(cluster + " " + action + " " + ActionOutcomes.outcome(result));
            }

            public void event(String cluster, String action, String event, Map<String, Object> details) {
                told.add(event);
            }
        };
        ActionRunner counted = runner.withOutcomes(outcomes);
        counted.run(new FakeStep(Verdict.allow("g", "fine")), mode(false, false), recorder);
        counted.run(new FakeStep(Verdict.allow("g", "fine")), mode(true, false), recorder);
        counted.run(new FakeStep(Verdict.refuse("internal-topics", false, "__consumer_offsets")), mode(false, false), recorder);
        FakeStep failing = new FakeStep(Verdict.allow("g", "fine"));
        failing.failure = new ActionFailure("broker 2 did not answer", ActionFailure.Kind.RETRY_LATER);
        counted.run(failing, mode(false, false), recorder);

        assertEquals(List.of("c fake effective", "c fake dry-run", "c fake refused", "c fake failed"), ended);
        assertThat(told).startsWith("plan", "guard", "start", "end", "effect");
        runner.run(new FakeStep(Verdict.allow("g", "fine")), mode(false, false), recorder);
        assertThat(ended).as("the plain runner tells nobody (manual actions: no /metrics)").hasSize(4);
    }

    /** A lease whose loss the test decides; counts its confirmations. */
    private static final class TestLease implements ClusterLease {
        boolean lost;
        int confirmed;

        public java.util.OptionalLong token() {
            return java.util.OptionalLong.of(7);
        }

        public String holder() {
            return "ops-1";
        }

        public void confirm() throws ActionFailure {
            confirmed++;
            if (lost) {
                throw new ActionFailure("the lease of cluster c (token 7) was taken over by another instance", true);
            }
        }
    }

    @Test
    void underALeaseEveryRecordCarriesItsTokenAndTheLeaseIsConfirmedBeforeTheChange() throws Exception {
        TestLease lease = new TestLease();
        List<Map<String, Object>> details = new ArrayList<>();
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = runner.underLease(lease).run(step, mode(false, false), (event, d) -> details.add(d));
        assertEquals(RunResult.Status.DONE, r.status());
        assertThat(lease.confirmed).isEqualTo(1);
        assertThat(details).hasSize(5).allSatisfy(d -> assertThat(d).containsEntry("leaseToken", 7L));
    }

    @Test
    void aLostLeaseStopsTheRunBeforeTheLedgerAndTheChange() throws Exception {
        TestLease lease = new TestLease();
        lease.lost = true;
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        step.limits = Optional.of(new ActionLimits(true, Duration.ofHours(1), 3));
        RunResult r = runner.underLease(lease).run(step, mode(false, false), recorder);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertThat(step.executed).isFalse();
        assertEquals(List.of("plan", "guard", "guard", "failed"), events);
        assertThat(ledger.entries).as("not counted against the cooldown: nothing was tried").isEmpty();
    }

    @Test
    void aDryRunNeverAsksForTheLeaseAndOneInstanceRecordsNoToken() throws Exception {
        TestLease lease = new TestLease();
        lease.lost = true;
        RunResult r = runner.underLease(lease).run(new FakeStep(Verdict.allow("g", "fine")), mode(true, false), recorder);
        assertEquals(RunResult.Status.DRY_RUN, r.status());
        List<Map<String, Object>> details = new ArrayList<>();
        runner.run(new FakeStep(Verdict.allow("g", "fine")), mode(false, false), (event, d) -> details.add(d));
        assertThat(details).noneSatisfy(d -> assertThat(d).containsKey("leaseToken"));
    }
}
