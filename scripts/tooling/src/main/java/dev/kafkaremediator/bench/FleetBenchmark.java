package dev.kafkaremediator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measurements of {@code scripts/bench-fleet.sh} that a shell cannot make portably: PostgreSQL's
 * row counters and lease holders (JDBC, no psql needed), and the daemons' logs read by timestamp.
 * <pre>
 *   pg-rows URL USER SCHEMA              inserted updated deleted (pg_stat_user_tables, the schema's tables summed)
 *   holders URL USER SCHEMA              "instance clusters" per lease holder, most first
 *   latency LOG FROM_MS TO_MS            snapshots in the window: count p50 p95 max (ms, the daemon's "took=")
 *   takeover LOG AFTER_MS PREFIX N       ms from AFTER_MS until LOG shows an observation of every PREFIX001..PREFIXN
 *                                        after it (its last first observation), or "incomplete K/N"
 *   cadence FROM TO INTERVAL_MS N LOG... every cluster's observations in [FROM, TO] over all the logs: their count
 *                                        against one per interval, the longest gap, clusters missed or observed twice
 *   shares FROM TO LOG...                per log: snapshots and distinct clusters in [FROM, TO]
 *   holders-of URL USER SCHEMA HOLDER    the clusters whose lease HOLDER holds (ran last), one a line
 *   failover KILL_MS INTERVAL_MS CLUSTERS_FILE LOG...  for the listed clusters: each one's first observation after
 *                                        KILL_MS in the logs, against when it was due (its last before + INTERVAL);
 *                                        "incomplete K/N" while some have none
 *   once URL USER SCHEMA LOG...          nothing twice: fencing tokens taken twice for one cluster (the logs' "lease
 *                                        taken ... (token N)"), findings planned twice (audit_event plan per finding)
 *   pg-conns URL USER                    the server's connections per application_name, and max_connections
 * </pre>
 */
public final class FleetBenchmark {
    // 2026-11-25T23:33:42.604Z INFO  [worker] d.k.daemon.ClusterWatch - cluster=b observed: ... took=13ms ...
    private static final Pattern OBSERVED = Pattern.compile("^(\\S+Z) .* cluster=(\\S+) observed: .* took=(\\d+)ms");

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "pg-rows" -> System.out.println(pgRows(args[1], args[2], args[3]));
            case "holders" -> holders(args[1], args[2], args[3]).forEach((holder, n) -> System.out.println(holder + " " + n));
            case "latency" -> System.out.println(latency(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3])));
            case "takeover" -> System.out.println(takeover(Path.of(args[1]), Long.parseLong(args[2]), args[3], Integer.parseInt(args[4])));
            case "cadence" -> System.out.println(FleetCadence.cadence(Long.parseLong(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]),
                    Integer.parseInt(args[4]), paths(args, 5)));
            case "shares" -> FleetCadence.shares(Long.parseLong(args[1]), Long.parseLong(args[2]), paths(args, 3)).forEach(System.out::println);
            case "holders-of" -> heldBy(args[1], args[2], args[3], args[4]).forEach(System.out::println);
            case "failover" -> System.out.println(FleetCadence.failover(Long.parseLong(args[1]), Long.parseLong(args[2]),
                    Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8), paths(args, 4)));
            case "once" -> System.out.println(once(args[1], args[2], args[3], paths(args, 4)));
            case "pg-conns" -> System.out.println(pgConnections(args[1], args[2]));
            default -> {
                System.err.println("usage: FleetBenchmark pg-rows|holders URL USER SCHEMA | latency LOG FROM_MS TO_MS | takeover LOG AFTER_MS PREFIX N");
                System.exit(2);
            }
        }
    }

    private static List<Path> paths(String[] args, int from) {
        List<Path> out = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            out.add(Path.of(args[i]));
        }
        return out;
    }

    static List<String> heldBy(String url, String user, String schema, String holder) throws SQLException {
        List<String> clusters = new ArrayList<>();
        try (Connection c = connect(url, user);
             PreparedStatement s = c.prepareStatement("SELECT cluster FROM " + schema + ".cluster_lease WHERE holder = ? ORDER BY 1")) {
            s.setString(1, holder);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    clusters.add(rs.getString(1));
                }
            }
        }
        return clusters;
    }

    // 2026-11-25T23:33:42.604Z INFO  [worker] d.k.daemon.ClusterJob - cluster=b lease taken by instance a1 (token 4): ...
    private static final Pattern TAKEN = Pattern.compile(" cluster=(\\S+) lease taken by instance \\S+ \\(token (\\d+)\\)");

    /** Tokens taken twice for one cluster (logs), findings planned twice (the audit): "tokens T (twice D), findings planned F (twice P)". */
    static String once(String url, String user, String schema, List<Path> logs) throws IOException, SQLException {
        Map<String, java.util.Set<String>> tokens = new HashMap<>();
        long taken = 0;
        long twice = 0;
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = TAKEN.matcher(line);
                if (m.find()) {
                    taken++;
                    if (!tokens.computeIfAbsent(m.group(1), k -> new java.util.HashSet<>()).add(m.group(2))) {
                        twice++;
                    }
                }
            }
        }
        StringBuilder audit = new StringBuilder();
        // A finding opened (audited) twice, or one of its actions planned twice, would be a cluster acted on twice across instances.
        try (Connection c = connect(url, user);
             PreparedStatement s = c.prepareStatement("SELECT event, count(*), count(*) - count(DISTINCT (cluster, details->>'finding', details->>'action'))"
                     + " FROM " + schema + ".audit_event WHERE event IN ('opened', 'plan') GROUP BY event ORDER BY event");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                audit.append(", ").append(rs.getString(1).equals("opened") ? "findings opened " : "actions planned ").append(rs.getLong(2))
                        .append(" (twice for one finding: ").append(rs.getLong(3)).append(')');
            }
        }
        return "tokens taken " + taken + " (twice for one cluster: " + twice + ")" + (audit.length() == 0 ? ", no finding audited" : audit);
    }

    static String pgConnections(String url, String user) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = connect(url, user);
             PreparedStatement s = c.prepareStatement("SELECT application_name, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                     + " AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1");
             ResultSet rs = s.executeQuery()) {
            long total = 0;
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ", ").append(rs.getString(1).isEmpty() ? "(none)" : rs.getString(1)).append(' ').append(rs.getLong(2));
                total += rs.getLong(2);
            }
            try (PreparedStatement m = c.prepareStatement("SHOW max_connections"); ResultSet max = m.executeQuery()) {
                max.next();
                return total + " of max_connections " + max.getString(1) + ": " + out;
            }
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(url, p);
    }

    static String pgRows(String url, String user, String schema) throws SQLException {
        try (Connection c = connect(url, user);
             PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_del), 0)"
                     + " FROM pg_stat_user_tables WHERE schemaname = ?")) {
            // The server's statistics are sent at transaction end and read from a snapshot: clear it so this read is fresh.
            try (PreparedStatement clear = c.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
                clear.execute();
            }
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3);
            }
        }
    }

    static Map<String, Integer> holders(String url, String user, String schema) throws SQLException {
        Map<String, Integer> holders = new HashMap<>();
        try (Connection c = connect(url, user);
             PreparedStatement s = c.prepareStatement("SELECT holder, count(*) FROM " + schema + ".cluster_lease GROUP BY holder ORDER BY 2 DESC");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                holders.put(rs.getString(1), rs.getInt(2));
            }
        }
        Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
        holders.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String latency(Path log, long fromMs, long toMs) throws IOException {
        List<Long> took = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = OBSERVED.matcher(line);
            if (m.find()) {
                long at = Instant.parse(m.group(1)).toEpochMilli();
                if (at >= fromMs && at <= toMs) {
                    took.add(Long.parseLong(m.group(3)));
                }
            }
        }
        if (took.isEmpty()) {
            return "0 - - -";
        }
        Collections.sort(took);
        return took.size() + " " + took.get((took.size() - 1) / 2) + " " + took.get((int) Math.ceil(took.size() * 0.95) - 1) + " " + took.get(took.size() - 1);
    }

    static String takeover(Path log, long afterMs, String prefix, int n) throws IOException {
        Map<String, Long> first = new HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = OBSERVED.matcher(line);
            if (m.find() && m.group(2).startsWith(prefix)) {
                long at = Instant.parse(m.group(1)).toEpochMilli();
                if (at > afterMs) {
                    first.putIfAbsent(m.group(2), at);
                }
            }
        }
        if (first.size() < n) {
            return "incomplete " + first.size() + "/" + n;
        }
        return String.valueOf(first.values().stream().mapToLong(Long::longValue).max().orElseThrow() - afterMs);
    }
}
