package dev.kafkaremediator.config.policy;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A window that opens at each fire time of a Quartz cron expression (UTC) and lasts
 * {@code duration}. Inside it, findings are still recorded but no action is taken.
 */
public record MaintenanceWindow(String cron, Duration duration) {

    public boolean contains(Instant now) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone("UTC"));
            // The window is open if a fire time lies in (now - duration, now].
            Date next = expression.getNextValidTimeAfter(Date.from(now.minus(duration)));
            return next != null && !next.toInstant().isAfter(now);
        } catch (ParseException e) {
            throw new IllegalStateException("maintenance cron was validated at load: " + cron, e);
        }
    }
}
