package dev.kafkaremediator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.testsupport.TestCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollCommandTest {
    private final TestCluster cluster = new TestCluster(3);

    @Test
    void aBrokerThatIsNotInTheClusterIsRefusedBeforeAnythingIsJournaled() {
        RollCommand roll = new RollCommand();
        roll.brokers = List.of(2, 7, 9);

        assertThatThrownBy(() -> roll.action(cluster.config(), cluster.snapshot())).isInstanceOf(CommandFailure.class)
                .hasMessage("no broker 7, 9 in cluster " + cluster.config().name() + " (brokers: 1, 2, 3)");
        assertThat(cluster.journal.load(cluster.config().name())).isEmpty();
    }

    @Test
    void theBrokersAskedForAreRolledTheControllerLast() {
        RollCommand roll = new RollCommand();
        roll.brokers = List.of(1, 3);

        Action.Roll planned = (Action.Roll) roll.action(cluster.config(), cluster.snapshot());

        assertThat(planned.brokers()).containsExactly(3, 1);
    }
}
