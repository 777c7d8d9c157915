package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.guard.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionRunnerTest {
    private final List<String> events = new ArrayList<>();
    private final ActionEvents recorder = (event, details) -> events.add(event);

    /** A step whose guards and change are plain values; {@code executed} says whether the change was made. */
    private static final class FakeStep implements ActionStep<String, String> {
        final List<Verdict> verdicts;
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

        public String prepare() {
            return "p";
        }

        public Map<String, Object> describe(String p) {
            return Map.of("will", "change t");
        }

        public List<Verdict> guard(String p) {
            return verdicts;
        }

        public String execute(String p) {
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
        RunResult r = ActionRunner.run(step, mode(false, false), recorder);
        assertEquals(RunResult.Status.DONE, r.status());
        assertThat(step.executed).isTrue();
        assertEquals(List.of("plan", "guard", "start", "end", "effect"), events);
    }

    @Test
    void aDryRunTakesTheSamePathAndStopsBeforeTheChange() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = ActionRunner.run(step, mode(true, false), recorder);
        assertEquals(RunResult.Status.DRY_RUN, r.status());
        assertThat(step.executed).isFalse();
        assertEquals(List.of("plan", "guard", "dry-run"), events);
    }

    @Test
    void forceGoesPastOverridableRefusalsOnly() throws Exception {
        FakeStep cooldown = new FakeStep(Verdict.refuse("cooldown", true, "ran 5 min ago"));
        assertEquals(RunResult.Status.REFUSED, ActionRunner.run(cooldown, mode(false, false), recorder).status());
        assertEquals(RunResult.Status.DONE, ActionRunner.run(cooldown, mode(false, true), recorder).status());
        assertThat(events).contains("forced");

        FakeStep internal = new FakeStep(Verdict.refuse("internal-topics", false, "__consumer_offsets"));
        RunResult r = ActionRunner.run(internal, mode(false, true), recorder);
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
        RunResult r = ActionRunner.run(step, new ActionRunner.Mode(false, false, Optional.empty(), plan -> false), recorder);
        assertEquals(RunResult.Status.DECLINED, r.status());
        assertThat(step.executed).isFalse();
    }

    @Test
    void anAuditThatCannotBeWrittenStopsTheAction() throws Exception {
        FakeStep step = new FakeStep(Verdict.allow("g", "fine"));
        RunResult r = ActionRunner.run(step, mode(false, false), (event, details) -> {
            throw new ActionFailure("disk full", true);
        });
        assertEquals(RunResult.Status.FAILED, r.status());
        assertThat(step.executed).isFalse();
    }
}
