package dev.kafkaremediator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads {@code remediator.conf} (HOCON) over the defaults in {@code reference.conf}. Strict: every
 * problem (unknown key, wrong type, impossible value, unset environment variable) is reported with
 * file, line and key, all of them together in one {@link InvalidConfigException}.
 */
public final class ConfigLoader {
    private static final String ROOT = "remediator";
    private static final Set<String> ROOT_KEYS = Set.of("state-dir", "policy-dir", "dry-run", "observe-interval", "http", "history", "cluster-defaults", "clusters",
            "cluster-dir", "notifiers", "store");
    private static final Set<String> HTTP_KEYS = Set.of("enabled", "host", "port", "external-url");
    private static final Set<String> HISTORY_KEYS = Set.of("retention", "min-interval", "max-topics");
    private static final Set<String> CLUSTER_KEYS = Set.of("bootstrap-servers", "admin", "jmx", "timeouts", "census", "restart-command", "heap-dump-dir", "roll");
    private static final Set<String> JMX_KEYS = Set.of("endpoints", "host", "port", "username", "password", "ssl");
    private static final Set<String> TIMEOUT_KEYS = Set.of("admin", "jmx", "census");
    private static final Set<String> CENSUS_KEYS = Set.of("batch-size");
    private static final Set<String> ROLL_KEYS = Set.of("stable-checks", "check-interval", "can-roll-timeout", "restart-timeout",
            "registration-timeout", "recovery-timeout", "in-sync-timeout", "max-restarts-per-day", "preferred-leader-election");
    /** The shortest observe or sample interval: below a second a daemon would only spin (Quartz refuses 1ns with a trace). */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Kafka's Admin and Quartz take int milliseconds: about 24 days at most. A timeout of hours is already a typo. */
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final Set<String> NOTIFIER_KEYS = Set.of("type", "url", "timeout", "retries", "resend-interval");

    private ConfigLoader() {
    }

    public static RemediatorConfig load(Path file) throws InvalidConfigException {
        return load(file, System::getenv);
    }

    /** {@code env}: where {@code store.postgres.password-env} is looked up (the process environment, or a test's). */
    public static RemediatorConfig load(Path file, java.util.function.UnaryOperator<String> env) throws InvalidConfigException {
        if (Files.isDirectory(file)) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file.toString(), -1, null, "a directory; expected the configuration file")));
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file.toString(), -1, null, "no such file")));
        }
        StrictConfig strict = new StrictConfig();
        Config parsed = HoconFile.parse(file, strict, HoconFile.MAX_CONFIG_BYTES, "the configuration file", c -> c
                // reference.conf alone: defaultReference() would mix in every system property
                .withFallback(ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf"))
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true)))
                .orElseThrow(() -> new InvalidConfigException(strict.problems()));
        return read(parsed, Optional.of(file.toAbsolutePath().normalize()), env);
    }

    static RemediatorConfig read(Config all, Optional<Path> source) throws InvalidConfigException {
        return read(all, source, System::getenv);
    }

    static RemediatorConfig read(Config all, Optional<Path> source, java.util.function.UnaryOperator<String> env) throws InvalidConfigException {
        StrictConfig strict = new StrictConfig();
        strict.onlyKnownKeys(all, "", Set.of(ROOT));
        Config root = strict.object(all, "", ROOT);
        strict.onlyKnownKeys(root, ROOT, ROOT_KEYS);

        Path base = source.map(Path::getParent).orElse(Path.of("."));
        Path stateDir = base.resolve(strict.string(root, ROOT, "state-dir", "state")).normalize();
        Path policyDir = base.resolve(strict.string(root, ROOT, "policy-dir", "policies")).normalize();
        boolean dryRun = strict.bool(root, ROOT, "dry-run");
        Duration observeInterval = strict.durationInRange(root, ROOT, "observe-interval", MIN_INTERVAL, Duration.ofDays(1), Duration.ofMinutes(1));

        Config httpConfig = strict.object(root, ROOT, "http");
        strict.onlyKnownKeys(httpConfig, ROOT + ".http", HTTP_KEYS);
        HttpSettings http = new HttpSettings(strict.bool(httpConfig, ROOT + ".http", "enabled"),
                strict.string(httpConfig, ROOT + ".http", "host", "127.0.0.1"),
                strict.intInRange(httpConfig, ROOT + ".http", "port", 0, 65535, 9405),
                httpConfig.hasPath("external-url") ? httpUrl(strict, httpConfig, ROOT + ".http", "external-url") : Optional.empty());
        if (http.enabled()) {
            ListenAddress.check(strict, httpConfig, ROOT + ".http", "host", http.host());
        }

        Config historyConfig = strict.object(root, ROOT, "history");
        strict.onlyKnownKeys(historyConfig, ROOT + ".history", HISTORY_KEYS);
        HistorySettings history = new HistorySettings(
                strict.durationInRange(historyConfig, ROOT + ".history", "retention", Duration.ofHours(1), Duration.ofDays(3650), Duration.ofDays(30)),
                strict.durationInRange(historyConfig, ROOT + ".history", "min-interval", MIN_INTERVAL, Duration.ofDays(1), Duration.ofMinutes(1)),
                strict.intInRange(historyConfig, ROOT + ".history", "max-topics", 1, 100_000, 200));

        Config defaults = strict.object(root, ROOT, "cluster-defaults");
        strict.onlyKnownKeys(defaults, ROOT + ".cluster-defaults", CLUSTER_KEYS);
        Config clustersConfig = strict.object(root, ROOT, "clusters");
        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        Map<String, String> definedAt = new HashMap<>();
        for (String name : new java.util.TreeSet<>(clustersConfig.root().keySet())) {
            String prefix = ROOT + ".clusters." + name;
            ConfigValue value = clustersConfig.root().get(name);
            if (!(value instanceof com.typesafe.config.ConfigObject object)) {
                strict.problem(value.origin(), prefix, "expected an object { bootstrap-servers = ... }, got " + StrictConfig.typeName(value));
                continue;
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                strict.problem(value.origin(), prefix, "a cluster name is letters, digits, '.', '_' and '-'");
            }
            clusters.put(name, cluster(strict, name, prefix, object.toConfig().withFallback(defaults)));
            definedAt.put(name, value.origin().filename() + ":" + value.origin().lineNumber());
        }
        Optional<Path> clusterDir = Optional.empty();
        if (root.hasPath("cluster-dir")) {
            clusterDir = Optional.of(base.resolve(strict.string(root, ROOT, "cluster-dir", ".")).normalize());
            ClusterDir.read(strict, clusterDir.get(), root.getValue("cluster-dir").origin(), defaults, clusters, definedAt);
        }
        Map<String, NotifierConfig> notifiers = notifiers(strict, strict.object(root, ROOT, "notifiers"));
        StoreSettings store = StoreConfig.read(strict, root, ROOT, env);
        if (!strict.problems().isEmpty()) {
            throw new InvalidConfigException(strict.problems());
        }
        return new RemediatorConfig(source, stateDir, policyDir, dryRun, observeInterval, http, history, clusters, notifiers, store, clusterDir);
    }

    private static Map<String, NotifierConfig> notifiers(StrictConfig strict, Config all) {
        Map<String, NotifierConfig> out = new LinkedHashMap<>();
        for (String name : new java.util.TreeSet<>(all.root().keySet())) {
            String prefix = ROOT + ".notifiers." + name;
            if (!(all.root().get(name) instanceof com.typesafe.config.ConfigObject object)) {
                strict.problem(all.root().get(name).origin(), prefix, "expected { type = webhook|slack|alertmanager, url = \"...\" }");
                continue;
            }
            Config c = object.toConfig();
            strict.onlyKnownKeys(c, prefix, NOTIFIER_KEYS);
            String type = strict.string(c, prefix, "type", "webhook");
            NotifierConfig.Type parsed = null;
            try {
                parsed = NotifierConfig.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                if (c.hasPath("type")) {
                    strict.problem(c.getValue("type").origin(), prefix + ".type", "expected webhook, slack or alertmanager, got \"" + type + "\"");
                }
            }
            java.net.URI uri = httpUrl(strict, c, prefix, "url").orElse(null);
            Duration timeout = strict.durationInRangeOr(c, prefix, "timeout", Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ofSeconds(5));
            int retries = c.hasPath("retries") ? strict.intInRange(c, prefix, "retries", 0, 10, 3) : 3;
            // At least a second, like every other interval; at most an hour, since Alertmanager resolves an alert not re-sent
            // within its resolve_timeout (5 minutes by default) or the endsAt we send (four intervals on).
            Duration resend = strict.durationInRangeOr(c, prefix, "resend-interval", MIN_INTERVAL, Duration.ofHours(1),
                    NotifierConfig.DEFAULT_RESEND_INTERVAL);
            if (c.hasPath("resend-interval") && parsed != null && parsed != NotifierConfig.Type.ALERTMANAGER) {
                strict.problem(c.getValue("resend-interval").origin(), prefix + ".resend-interval",
                        "only alertmanager notifiers re-send (a webhook or Slack would get the same message again)");
            }
            if (parsed != null && uri != null) {
                out.put(name, new NotifierConfig(name, parsed, uri, timeout, retries, resend));
            }
        }
        return out;
    }

    /** An http(s) URL with a host; a problem otherwise, without echoing it (a notifier URL may be a secret: Slack's are). */
    private static Optional<java.net.URI> httpUrl(StrictConfig strict, Config c, String prefix, String key) {
        String url = strict.string(c, prefix, key, "");
        try {
            java.net.URI uri = new java.net.URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(url, "not an http(s) URL with a host");
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            if (c.hasPath(key)) {
                strict.problem(c.getValue(key).origin(), prefix + "." + key, "expected an http(s) URL with a host");
            }
            return Optional.empty();
        }
    }

    static ClusterConfig cluster(StrictConfig strict, String name, String prefix, Config c) {
        strict.onlyKnownKeys(c, prefix, CLUSTER_KEYS);
        String bootstrap = strict.string(c, prefix, "bootstrap-servers", "");
        if (c.hasPath("bootstrap-servers") && bootstrap.isBlank()) {
            strict.problem(c.getValue("bootstrap-servers").origin(), StrictConfig.join(prefix, "bootstrap-servers"), "expected host:port[,host:port...], got an empty string");
        } else if (c.hasPath("bootstrap-servers")) {
            BootstrapServers.check(strict, c.getValue("bootstrap-servers").origin(), StrictConfig.join(prefix, "bootstrap-servers"), bootstrap);
        }
        Config timeoutConfig = strict.object(c, prefix, "timeouts");
        strict.onlyKnownKeys(timeoutConfig, StrictConfig.join(prefix, "timeouts"), TIMEOUT_KEYS);
        ObserveTimeouts timeouts = new ObserveTimeouts(
                strict.durationInRange(timeoutConfig, StrictConfig.join(prefix, "timeouts"), "admin", Duration.ofMillis(100), MAX_TIMEOUT, Duration.ofSeconds(15)),
                strict.durationInRange(timeoutConfig, StrictConfig.join(prefix, "timeouts"), "jmx", Duration.ofMillis(100), MAX_TIMEOUT, Duration.ofSeconds(5)),
                strict.durationInRange(timeoutConfig, StrictConfig.join(prefix, "timeouts"), "census", Duration.ofMillis(100), MAX_TIMEOUT, Duration.ofSeconds(60)));
        Map<String, String> admin = new TreeMap<>(AdminPassThrough.read(strict, strict.object(c, prefix, "admin"), StrictConfig.join(prefix, "admin"), timeouts.admin()));

        Config jmxConfig = strict.object(c, prefix, "jmx");
        String jmxPrefix = StrictConfig.join(prefix, "jmx");
        strict.onlyKnownKeys(jmxConfig, jmxPrefix, JMX_KEYS);
        Map<Integer, String> endpoints = new HashMap<>();
        Config endpointConfig = strict.object(jmxConfig, jmxPrefix, "endpoints");
        for (String key : endpointConfig.root().keySet()) {
            ConfigValue value = endpointConfig.root().get(key);
            String endpoint = String.valueOf(value.unwrapped());
            if (!key.matches("\\d{1,9}")) {
                strict.problem(value.origin(), jmxPrefix + ".endpoints." + key, "expected a broker id (a whole number) as key");
            } else if (!endpoint.matches("[^\\s:]+:\\d{1,5}")) {
                strict.problem(value.origin(), jmxPrefix + ".endpoints." + key, "expected \"host:port\", got " + value.render());
            } else if (Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)) < 1
                    || Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)) > 65535) {
                strict.problem(value.origin(), jmxPrefix + ".endpoints." + key, "expected a port from 1 to 65535, got " + value.render());
            } else {
                endpoints.put(Integer.parseInt(key), endpoint);
            }
        }
        OptionalInt port = jmxConfig.hasPath("port") ? OptionalInt.of(strict.intInRange(jmxConfig, jmxPrefix, "port", 1, 65535, 9999))
                : OptionalInt.empty();
        if (jmxConfig.hasPath("host") && !strict.string(jmxConfig, jmxPrefix, "host", "h").matches("[^\\s:/]+")) {
            strict.problem(jmxConfig.getValue("host").origin(), jmxPrefix + ".host", "expected a host name or address, got " + jmxConfig.getValue("host").render());
        }
        JmxSettings jmx = new JmxSettings(endpoints, strict.optionalString(jmxConfig, jmxPrefix, "host"), port,
                strict.optionalString(jmxConfig, jmxPrefix, "username"), strict.optionalString(jmxConfig, jmxPrefix, "password"),
                strict.bool(jmxConfig, jmxPrefix, "ssl"));
        if (jmx.password().isPresent() && jmx.username().isEmpty()) {
            strict.problem(jmxConfig.getValue("password").origin(), jmxPrefix + ".password", "a password needs a username");
        }


        Config censusConfig = strict.object(c, prefix, "census");
        strict.onlyKnownKeys(censusConfig, StrictConfig.join(prefix, "census"), CENSUS_KEYS);
        int batchSize = strict.intInRange(censusConfig, StrictConfig.join(prefix, "census"), "batch-size", 1, 100_000, 100);

        List<String> restart = new ArrayList<>(strict.stringList(c, prefix, "restart-command"));
        String dumpDir = strict.string(c, prefix, "heap-dump-dir", "/var/tmp/kafka-heap-dumps");
        if (!dumpDir.startsWith("/")) {
            strict.problem(c.getValue("heap-dump-dir").origin(), StrictConfig.join(prefix, "heap-dump-dir"), "expected an absolute path on the brokers' hosts, got \"" + dumpDir + "\"");
        }
        for (String part : restart) {
            if (part.isEmpty()) {
                strict.problem(c.getValue("restart-command").origin(), StrictConfig.join(prefix, "restart-command"), "an empty argument; it is an argument list, never a shell line");
            }
        }
        Config rollConfig = strict.object(c, prefix, "roll");
        String rp = StrictConfig.join(prefix, "roll");
        strict.onlyKnownKeys(rollConfig, rp, ROLL_KEYS);
        RollSettings d = RollSettings.defaults();
        RollSettings roll = new RollSettings(
                rollConfig.hasPath("stable-checks") ? strict.intInRange(rollConfig, rp, "stable-checks", 1, 100, d.stableChecks()) : d.stableChecks(),
                strict.durationInRangeOr(rollConfig, rp, "check-interval", Duration.ofMillis(100), Duration.ofMinutes(10), d.checkInterval()),
                strict.durationInRangeOr(rollConfig, rp, "can-roll-timeout", Duration.ofSeconds(1), Duration.ofDays(1), d.canRollTimeout()),
                strict.durationInRangeOr(rollConfig, rp, "restart-timeout", Duration.ofSeconds(1), Duration.ofDays(1), d.restartTimeout()),
                strict.durationInRangeOr(rollConfig, rp, "registration-timeout", Duration.ofSeconds(1), Duration.ofDays(1), d.registrationTimeout()),
                strict.durationInRangeOr(rollConfig, rp, "recovery-timeout", Duration.ofSeconds(1), Duration.ofDays(1), d.recoveryTimeout()),
                strict.durationInRangeOr(rollConfig, rp, "in-sync-timeout", Duration.ofSeconds(1), Duration.ofDays(1), d.inSyncTimeout()),
                rollConfig.hasPath("max-restarts-per-day") ? strict.intInRange(rollConfig, rp, "max-restarts-per-day", 1, 100, d.maxRestartsPerDay())
                        : d.maxRestartsPerDay(),
                strict.boolOr(rollConfig, rp, "preferred-leader-election", d.preferredLeaderElection()));
        return new ClusterConfig(name, bootstrap, admin, jmx, timeouts, batchSize, restart, Path.of(dumpDir).normalize(), roll);
    }
}
