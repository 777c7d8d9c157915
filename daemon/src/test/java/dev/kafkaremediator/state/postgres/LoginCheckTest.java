package dev.kafkaremediator.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkaremediator.config.StoreSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A refused login fails the start after one attempt (#22.13: a wrong password made 10 logins in 10 s); a server not up yet is left to the pool. */
class LoginCheckTest {
    private final StoreSettings.Postgres settings = new StoreSettings.Postgres("jdbc:postgresql://127.0.0.1:1/remediator", "remediator",
            Optional.of("wrong"), "public", Optional.empty(), 4, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), null);
    private final AtomicInteger logins = new AtomicInteger();

    @Test
    void aRefusedLoginIsTriedOnceAndSaysSoWithoutThePassword() {
        StateStoreException e = assertThrows(StateStoreException.class, () -> LoginCheck.refusedLogin(settings, new Properties(), (url, props) -> {
            logins.incrementAndGet();
            assertEquals("wrong", props.getProperty("password"));
            throw new SQLException("FATAL: password authentication failed for user \"remediator\"", "28P01");
        }));

        assertEquals(1, logins.get());
        assertThat(e.getMessage()).isEqualTo("the state database jdbc:postgresql://127.0.0.1:1/remediator refused the login of remediator: FATAL:"
                + " password authentication failed for user \"remediator\" (not tried again: check store.postgres.user and the password in password-env)")
                .doesNotContain("wrong");
    }

    @Test
    void aServerNotUpYetIsLeftToThePoolsWait() {
        LoginCheck.refusedLogin(settings, new Properties(), (url, props) -> {
            logins.incrementAndGet();
            throw new SQLException("Connection to 127.0.0.1:1 refused", "08001");
        });
        assertEquals(1, logins.get());
    }
}
