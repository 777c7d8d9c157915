package dev.kafkaremediator.config.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.kafkaremediator.config.StrictConfig;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.quartz.CronExpression;

/** Reads one named policy strictly; problems go to the shared {@link StrictConfig}. */
final class PolicyReader {
    private static final Set<String> KEYS = Set.of("description", "schedule", "clusters", "severity", "topics", "when", "actions", "dry-run",
            "maintenance", "paused", "paused-until", "withhold-actions-above-unreachable-share");
    private static final Set<String> SCHEDULE_KEYS = Set.of("every", "cron");
    private static final Set<String> TOPIC_KEYS = Set.of("allow", "deny");
    private static final Set<String> WINDOW_KEYS = Set.of("cron", "duration");
    static final double DEFAULT_WITHHOLD_SHARE = 0.34;

    private final StrictConfig strict;
    private final Optional<Set<String>> knownClusters;
    private final Optional<SampleCadence> cadence;

    PolicyReader(StrictConfig strict, Optional<Set<String>> knownClusters, Optional<SampleCadence> cadence) {
        this.strict = strict;
        this.knownClusters = knownClusters;
        this.cadence = cadence;
    }

    Optional<Policy> read(String name, Config c, String prefix, String file, int line) {
        int before = strict.problemCount();
        strict.onlyKnownKeys(c, prefix, KEYS);
        String description = strict.string(c, prefix, "description", "");
        Optional<Schedule> schedule = schedule(c, prefix);
        Set<String> clusters = clusters(c, prefix);
        Severity severity = severity(c, prefix);
        ConditionReader conditions = new ConditionReader(strict, cadence);
        Optional<Condition> when = conditions.when(c, prefix);
        Scope scope = conditions.scopes().size() == 1 ? conditions.scopes().iterator().next() : Scope.CLUSTER;
        if (conditions.scopes().size() > 1) {
            strict.problem(c.getValue("when").origin(), prefix + ".when", "mixes " + conditions.scopes().toString().toLowerCase(Locale.ROOT)
                    + " series; one policy evaluates one scope (write one policy per scope)");
        }
        TopicFilter topics = topicFilter(strict, c, prefix, "topics", TopicFilter.all());
        if (c.hasPath("topics") && scope != Scope.TOPIC && conditions.scopes().size() == 1) {
            strict.problem(c.getValue("topics").origin(), prefix + ".topics", "only topic.* conditions select topics; this policy's scope is "
                    + scope.toString().toLowerCase(Locale.ROOT));
        }
        List<ActionSpec> actions = new ActionReader(strict).actions(c, prefix);
        boolean dryRun = strict.boolOr(c, prefix, "dry-run", false);
        List<MaintenanceWindow> maintenance = maintenance(c, prefix);
        boolean paused = strict.boolOr(c, prefix, "paused", false);
        Optional<Instant> pausedUntil = pausedUntil(c, prefix);
        double withhold = c.hasPath("withhold-actions-above-unreachable-share")
                ? strict.doubleInRange(c, prefix, "withhold-actions-above-unreachable-share", 0, 1, "a share of brokers from 0 to 1", DEFAULT_WITHHOLD_SHARE)
                : DEFAULT_WITHHOLD_SHARE;
        if (strict.problemCount() > before || schedule.isEmpty() || when.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy(name, file, line, description, schedule.get(), clusters, scope, topics, when.get(), actions, severity,
                dryRun, maintenance, paused, pausedUntil, withhold));
    }

    private Optional<Schedule> schedule(Config c, String prefix) {
        Config s = strict.object(c, prefix, "schedule");
        String path = prefix + ".schedule";
        if (!c.hasPath("schedule")) {
            return Optional.empty();
        }
        strict.onlyKnownKeys(s, path, SCHEDULE_KEYS);
        Optional<String> kind = strict.exactlyOne(s, path, List.of("every", "cron"), c.getValue("schedule").origin());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        if (kind.get().equals("every")) {
            Duration every = strict.positiveDuration(s, path, "every", Duration.ofMinutes(1));
            if (every.compareTo(Duration.ofSeconds(1)) < 0) {
                strict.problem(s.getValue("every").origin(), path + ".every", "expected at least 1s");
            }
            return Optional.of(new Schedule.Every(every));
        }
        String cron = strict.string(s, path, "cron", "");
        return cron(s.getValue("cron"), path + ".cron", cron).map(Schedule.Cron::new);
    }

    private Optional<String> cron(ConfigValue value, String path, String cron) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
            // Valid syntax can still name no date at all (February 30): Quartz then refuses to schedule it.
            if (expression.getNextValidTimeAfter(new java.util.Date(0)) == null) {
                strict.problem(value.origin(), path, "the Quartz cron expression \"" + cron + "\" never fires: no date matches it (e.g. day 30 of February)");
                return Optional.empty();
            }
            return Optional.of(cron);
        } catch (ParseException e) {
            strict.problem(value.origin(), path, "invalid Quartz cron expression \"" + cron + "\": " + e.getMessage()
                    + " (6 or 7 fields: sec min hour day-of-month month day-of-week [year], e.g. \"0 */5 * * * ?\")");
            return Optional.empty();
        }
    }

    private Set<String> clusters(Config c, String prefix) {
        List<String> names = strict.stringList(c, prefix, "clusters");
        if (c.hasPath("clusters") && names.isEmpty()) {
            strict.problem(c.getValue("clusters").origin(), prefix + ".clusters", "empty; expected cluster names, or [\"*\"] for every cluster");
        }
        if (knownClusters.isPresent()) {
            for (String name : names) {
                if (!name.equals(Policy.ALL_CLUSTERS) && !knownClusters.get().contains(name)) {
                    String suggestion = StrictConfig.closest(name, knownClusters.get()).map(k -> "; did you mean '" + k + "'?").orElse("");
                    strict.problem(c.getValue("clusters").origin(), prefix + ".clusters", "unknown cluster '" + name + "'" + suggestion
                            + " (configured: " + String.join(", ", new java.util.TreeSet<>(knownClusters.get())) + ")");
                }
            }
        }
        return new HashSet<>(names);
    }

    private Severity severity(Config c, String prefix) {
        String value = strict.string(c, prefix, "severity", "warning");
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            if (c.hasPath("severity")) {
                strict.problem(c.getValue("severity").origin(), prefix + ".severity", "expected info, warning or critical, got \"" + value + "\"");
            }
            return Severity.WARNING;
        }
    }

    private List<MaintenanceWindow> maintenance(Config c, String prefix) {
        if (!c.hasPath("maintenance")) {
            return List.of();
        }
        ConfigValue value = c.getValue("maintenance");
        String path = prefix + ".maintenance";
        if (!(value instanceof ConfigList list)) {
            strict.problem(value.origin(), path, "expected a list of windows [ { cron = \"0 0 2 ? * SUN\", duration = 2h } ]");
            return List.of();
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(list.get(i) instanceof ConfigObject object)) {
                strict.problem(list.get(i).origin(), at, "expected { cron = \"...\", duration = ... }");
                continue;
            }
            Config w = object.toConfig();
            strict.onlyKnownKeys(w, at, WINDOW_KEYS);
            String cron = strict.string(w, at, "cron", "");
            Duration duration = strict.durationInRange(w, at, "duration", Duration.ofMinutes(1), Duration.ofDays(366), Duration.ofHours(1));
            if (w.hasPath("cron")) {
                cron(w.getValue("cron"), at + ".cron", cron).ifPresent(ok -> windows.add(new MaintenanceWindow(ok, duration)));
            }
        }
        return windows;
    }

    private Optional<Instant> pausedUntil(Config c, String prefix) {
        if (!c.hasPath("paused-until")) {
            return Optional.empty();
        }
        String value = strict.string(c, prefix, "paused-until", "");
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            strict.problem(c.getValue("paused-until").origin(), prefix + ".paused-until",
                    "expected an instant like \"2026-12-01T06:00:00Z\", got \"" + value + "\"");
            return Optional.empty();
        }
    }

    /** {@code key { allow = [...], deny = [...] }} with whole-name regular expressions (HOCON reserves "include"). */
    static TopicFilter topicFilter(StrictConfig strict, Config c, String prefix, String key, TopicFilter fallback) {
        if (!c.hasPath(key)) {
            return fallback;
        }
        String path = prefix + "." + key;
        Config t = strict.object(c, prefix, key);
        strict.onlyKnownKeys(t, path, TOPIC_KEYS);
        List<Pattern> include = patterns(strict, t, path, "allow");
        List<Pattern> exclude = t.hasPath("deny") ? patterns(strict, t, path, "deny") : List.of();
        return new TopicFilter(include, exclude);
    }

    private static List<Pattern> patterns(StrictConfig strict, Config t, String path, String key) {
        List<Pattern> out = new ArrayList<>();
        for (String regex : strict.stringList(t, path, key)) {
            try {
                out.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                strict.problem(t.getValue(key).origin(), path + "." + key, "invalid regular expression \"" + regex + "\": " + e.getDescription());
            }
        }
        return out;
    }
}
