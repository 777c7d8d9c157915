package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartCommandTest {
    private final RestartCommand ssh = new RestartCommand(List.of("ssh", "{host}", "sudo", "systemctl", "restart", "kafka@{id}"));

    @Test
    void placeholdersAreFilledAsSeparateArguments() throws Exception {
        assertEquals(List.of("ssh", "kafka-2.prod", "sudo", "systemctl", "restart", "kafka@2"), ssh.render(2, "kafka-2.prod"));
    }

    @Test
    void hostsThatCouldEscapeAreRefused() {
        for (String bad : List.of("h; rm -rf /", "h $(id)", "h`id`", "'h'", "h\"", "h b", "-Jattacker.example", "-oProxyCommand=id", "", "--")) {
            ActionFailure e = assertThrows(ActionFailure.class, () -> ssh.render(1, bad), bad);
            assertThat(e.getMessage()).contains("refusing host");
        }
    }

    @Test
    void ordinaryHostsAndIpv6LiteralsPass() throws Exception {
        assertEquals("[::1]", ssh.render(1, "[::1]").get(1));
        assertEquals("10.0.0.7", ssh.render(1, "10.0.0.7").get(1));
        assertEquals("kafka-1.eu-west.example", ssh.render(1, "kafka-1.eu-west.example").get(1));
    }

    @Test
    void aFailingCommandIsAFailureThatStopsThePlan() {
        ActionFailure e = assertThrows(ActionFailure.class, () -> new RestartCommand(List.of("false")).run(List.of("false"), Duration.ofSeconds(10)));
        assertThat(e.stopsPlan()).isTrue();
        assertThat(e.getMessage()).contains("exited 1");
    }

    @Test
    void aHangingCommandTimesOut() {
        ActionFailure e = assertThrows(ActionFailure.class, () -> new RestartCommand(List.of("sleep")).run(List.of("sleep", "30"), Duration.ofMillis(300)));
        assertThat(e.getMessage()).contains("did not finish within");
    }
}
