package dev.kafkaremediator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** #22 point 9: a password in a JDBC URL, however it is written, is found and never shown. */
class JdbcUrlsTest {
    @Test
    void aPasswordInTheUserInfoOrAParameterIsFoundWithoutRepeatingIt() {
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://remediator:Hunter2Secret@127.0.0.1/remediator")).hasValueSatisfying(
                w -> assertThat(w).contains("user:password@host").doesNotContain("Hunter2Secret"));
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://db/x?user=u&pass%77ord=hunter2")).hasValueSatisfying(
                w -> assertThat(w).contains("password").doesNotContain("hunter2"));
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://db/x?PASSWORD=hunter2")).isPresent();
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://db/x?sslmode=verify-full&sslpassword=k")).isPresent();
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://h1:5432,h2:5432/x?password=p")).isPresent();
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://db:5432/x?sslmode=require&user=remediator")).isEmpty();
        assertThat(JdbcUrls.secretIn("jdbc:postgresql://remediator@db/x")).as("a user alone is no secret").isEmpty();
    }

    @Test
    void redactedMasksEveryPasswordAndLeavesTheRest() {
        assertThat(JdbcUrls.redacted("jdbc:postgresql://remediator:Hunter2Secret@127.0.0.1:5432/db?sslmode=require"))
                .isEqualTo("jdbc:postgresql://remediator:***@127.0.0.1:5432/db?sslmode=require");
        assertThat(JdbcUrls.redacted("jdbc:postgresql://db/x?user=u&pass%77ord=hunter2&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/x?user=u&pass%77ord=***&sslmode=require");
        assertThat(JdbcUrls.redacted("jdbc:postgresql://db:5432/x")).isEqualTo("jdbc:postgresql://db:5432/x");
    }
}
