package dev.kafkaremediator.config.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.kafkaremediator.config.StrictConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a policy's {@code actions}: a list in escalation order, each an object with one kind.
 * Destructive actions (trim, roll) are off unless {@code enabled = true}; an enabled trim names the
 * topics it may touch, every trim says how far, and a trim to the end demands
 * {@code max-fraction = 1.0} explicitly.
 */
final class ActionReader {
    static final List<String> KINDS = List.of("notify", "class-histogram", "heap-dump", "expire-producers", "trim", "roll");
    /** A JMX operation or a lowered expiry held for more than a day is a typo, and longer waits overflow int milliseconds. */
    private static final Duration MAX_ACTION_TIMEOUT = Duration.ofDays(1);
    private static final Set<String> COMMON = Set.of("enabled", "cooldown", "max-per-day");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "notify", Set.of("message"),
            "class-histogram", Set.of("top", "timeout"),
            "heap-dump", Set.of("live", "timeout"),
            "expire-producers", Set.of("expiration", "await", "restore", "floor"),
            "trim", Set.of("topics", "older-than", "to-end", "allow-past-consumers", "max-partitions", "max-records", "max-fraction"),
            "roll", Set.of("preferred-leader-election"));
    /** Defaults: on/off, cooldown, at most per day. Destructive actions start off. */
    static final Map<String, ActionLimits> DEFAULTS = Map.of(
            "notify", new ActionLimits(true, Duration.ofHours(1), 24),
            "class-histogram", new ActionLimits(true, Duration.ofHours(1), 6),
            "heap-dump", new ActionLimits(true, Duration.ofHours(24), 1),
            "expire-producers", new ActionLimits(true, Duration.ofHours(6), 4),
            "trim", new ActionLimits(false, Duration.ofHours(24), 1),
            "roll", new ActionLimits(false, Duration.ofHours(24), 1));

    private final StrictConfig strict;

    ActionReader(StrictConfig strict) {
        this.strict = strict;
    }

    List<ActionSpec> actions(Config policy, String prefix) {
        String path = prefix + ".actions";
        if (!policy.hasPath("actions")) {
            strict.problem(policy.root().origin(), path, "missing; expected a list of actions in escalation order, e.g. [ { notify {} } ]");
            return List.of();
        }
        ConfigValue value = policy.getValue("actions");
        if (!(value instanceof ConfigList list) || list.isEmpty()) {
            strict.problem(value.origin(), path, "expected a non-empty list of actions [ { notify {} }, ... ]");
            return List.of();
        }
        List<ActionSpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            ConfigValue element = list.get(i);
            if (!(element instanceof ConfigObject object)) {
                strict.problem(element.origin(), at, "expected an action object { " + String.join(" | ", KINDS) + " }");
                continue;
            }
            Config c = object.toConfig();
            strict.onlyKnownKeys(c, at, Set.copyOf(KINDS));
            Optional<String> kind = strict.exactlyOne(c, at, KINDS, object.origin());
            if (kind.isEmpty()) {
                continue;
            }
            if (!seen.add(kind.get())) {
                strict.problem(c.getValue(kind.get()).origin(), at, "action '" + kind.get() + "' appears twice; list each action once");
            }
            action(kind.get(), strict.object(c, at, kind.get()), at + "." + kind.get()).ifPresent(out::add);
        }
        return out;
    }

    private Optional<ActionSpec> action(String kind, Config c, String path) {
        Set<String> known = new HashSet<>(COMMON);
        known.addAll(KEYS.get(kind));
        strict.onlyKnownKeys(c, path, known);
        ActionLimits defaults = DEFAULTS.get(kind);
        ActionLimits limits = new ActionLimits(strict.boolOr(c, path, "enabled", defaults.enabled()),
                strict.durationInRangeOr(c, path, "cooldown", Duration.ofSeconds(1), Duration.ofDays(365), defaults.cooldown()),
                c.hasPath("max-per-day") ? strict.intInRange(c, path, "max-per-day", 1, 1440, defaults.maxPerDay()) : defaults.maxPerDay());
        return switch (kind) {
            case "notify" -> Optional.of(new ActionSpec.Notify(limits, strict.optionalString(c, path, "message")));
            case "class-histogram" -> Optional.of(new ActionSpec.ClassHistogram(limits,
                    c.hasPath("top") ? strict.intInRange(c, path, "top", 1, 1000, 20) : 20,
                    strict.durationInRangeOr(c, path, "timeout", Duration.ofSeconds(1), MAX_ACTION_TIMEOUT, ActionDefaults.CLASS_HISTOGRAM_TIMEOUT)));
            case "heap-dump" -> Optional.of(new ActionSpec.HeapDump(limits, strict.boolOr(c, path, "live", false),
                    strict.durationInRangeOr(c, path, "timeout", Duration.ofSeconds(1), MAX_ACTION_TIMEOUT, ActionDefaults.HEAP_DUMP_TIMEOUT)));
            case "expire-producers" -> expireProducers(c, path, limits);
            case "trim" -> trim(c, path, limits);
            default -> Optional.of(new ActionSpec.Roll(limits, c.hasPath("preferred-leader-election")
                    ? Optional.of(strict.bool(c, path, "preferred-leader-election")) : Optional.empty()));
        };
    }

    private Optional<ActionSpec> expireProducers(Config c, String path, ActionLimits limits) {
        if (!c.hasPath("expiration")) {
            strict.problem(c.root().origin(), path + ".expiration",
                    "missing; expected the producer.id.expiration.ms to set for a while, e.g. expiration = 1h");
            return Optional.empty();
        }
        Duration expiration = strict.positiveDuration(c, path, "expiration", Duration.ofHours(1));
        if (expiration.compareTo(Duration.ofSeconds(1)) < 0) {
            strict.problem(c.getValue("expiration").origin(), path + ".expiration", "expected at least 1s");
        }
        if (expiration.toMillis() > ActionDefaults.EXPIRATION_MAX_MS) {
            strict.problem(c.getValue("expiration").origin(), path + ".expiration", "producer.id.expiration.ms is an INT config: at most "
                    + ActionDefaults.EXPIRATION_MAX_MS + " ms (24d20h31m), got " + expiration.toMillis() + " ms");
        }
        Duration floor = c.hasPath("floor") ? strict.positiveDuration(c, path, "floor", ActionDefaults.EXPIRATION_FLOOR) : ActionDefaults.EXPIRATION_FLOOR;
        if (c.hasPath("expiration") && expiration.compareTo(floor) < 0) {
            strict.problem(c.getValue("expiration").origin(), path + ".expiration", "expiration " + expiration.toMillis() + " ms is below the floor of "
                    + floor.toMillis() + " ms: producers retry for up to delivery.timeout.ms (2 minutes by default) and an id expired before "
                    + "that risks duplicate records; state a lower floor = ... in this action if that is intended");
        }
        Optional<Duration> await = Optional.empty();
        if (c.hasPath("await") && !(c.getValue("await").unwrapped() instanceof String text && text.equals("auto"))) {
            await = Optional.of(strict.durationInRange(c, path, "await", Duration.ofSeconds(1), MAX_ACTION_TIMEOUT, Duration.ofMinutes(20)));
        }
        return Optional.of(new ActionSpec.ExpireProducers(limits, expiration, await, strict.boolOr(c, path, "restore", true), floor));
    }

    private Optional<ActionSpec> trim(Config c, String path, ActionLimits limits) {
        TopicFilter topics = PolicyReader.topicFilter(strict, c, path, "topics", TopicFilter.none());
        if (topics.isEmpty() && limits.enabled()) {
            strict.problem(c.hasPath("topics") ? c.getValue("topics").origin() : c.root().origin(), path + ".topics",
                    "an enabled trim must name the topics it may touch: topics { allow = [\"pattern\", ...] }");
        }
        Optional<String> how = strict.exactlyOne(c, path, List.of("older-than", "to-end"), c.root().origin());
        Optional<Duration> olderThan = how.filter("older-than"::equals).map(k -> strict.positiveDuration(c, path, k, Duration.ofDays(7)));
        boolean toEnd = how.filter("to-end"::equals).map(k -> strict.bool(c, path, k)).orElse(false);
        if (how.filter("to-end"::equals).isPresent() && !toEnd) {
            strict.problem(c.getValue("to-end").origin(), path + ".to-end", "to-end = false says nothing; use older-than instead");
        }
        double maxFraction = c.hasPath("max-fraction")
                ? strict.doubleInRange(c, path, "max-fraction", 0, 1, "a fraction of a topic from 0 to 1 (exclusive of 0)", 0.5) : 0.5;
        if (c.hasPath("max-fraction") && maxFraction == 0) {
            strict.problem(c.getValue("max-fraction").origin(), path + ".max-fraction", "0 would forbid every trim; remove the action or disable it");
        }
        if (toEnd && maxFraction < 1.0) {
            strict.problem(c.getValue("to-end").origin(), path + ".to-end",
                    "a trim to the end removes every record of a partition; allow it explicitly with max-fraction = 1.0");
        }
        int maxPartitions = c.hasPath("max-partitions") ? strict.intInRange(c, path, "max-partitions", 1, 100_000, 100) : 100;
        long maxRecords = c.hasPath("max-records") ? (long) strict.doubleInRange(c, path, "max-records", 1, 1e15, "a record count, 1 or more", 1e7)
                : 10_000_000L;
        if (how.isEmpty() || (topics.isEmpty() && limits.enabled())) {
            return Optional.empty();
        }
        return Optional.of(new ActionSpec.Trim(limits, topics, olderThan, toEnd, strict.boolOr(c, path, "allow-past-consumers", false),
                maxPartitions, maxRecords, maxFraction));
    }
}
