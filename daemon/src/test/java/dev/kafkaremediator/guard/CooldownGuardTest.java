package dev.kafkaremediator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.policy.ActionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CooldownGuardTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theCooldownEndsExactlyAtItsEdgeAndHoldsAcrossANewLedgerInstance() {
        new FileActionLedger(dir).record("c", "heap-dump", "broker 1", T0);
        CooldownGuard guard = new CooldownGuard(new FileActionLedger(dir));
        ActionLimits oneHour = new ActionLimits(true, Duration.ofHours(1), 10);
        assertThat(guard.check("c", "heap-dump", "broker 1", oneHour, T0.plus(Duration.ofHours(1)).minusMillis(1)).allowed()).isFalse();
        assertThat(guard.check("c", "heap-dump", "broker 1", oneHour, T0.plus(Duration.ofHours(1))).allowed()).isTrue();
        assertThat(guard.check("c", "heap-dump", "broker 2", oneHour, T0.plusSeconds(1)).allowed()).as("per broker").isTrue();
    }

    @Test
    void theDailyMaximumCountsTheLast24Hours() {
        FileActionLedger ledger = new FileActionLedger(dir);
        ledger.record("c", "trim", "topics t", T0);
        ledger.record("c", "trim", "topics t", T0.plus(Duration.ofHours(2)));
        ActionLimits twice = new ActionLimits(true, Duration.ofMinutes(1), 2);
        CooldownGuard guard = new CooldownGuard(ledger);
        assertThat(guard.check("c", "trim", "topics t", twice, T0.plus(Duration.ofHours(3))).reasons()).singleElement().asString()
                .contains("ran 2 times in 24h");
        assertThat(guard.check("c", "trim", "topics t", twice, T0.plus(Duration.ofHours(24)).plusMillis(1)).allowed()).isTrue();
    }
}
