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
            default -> {
                System.err.println("usage: FleetBenchmark pg-rows|holders URL USER SCHEMA | latency LOG FROM_MS TO_MS | takeover LOG AFTER_MS PREFIX N");
                System.exit(2);
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
