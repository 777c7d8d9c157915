package dev.kafkaremediator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each cluster was observed, read from the daemons' logs ("cluster=X observed: ... took=Nms"), for
 * {@code scripts/bench-fleet.sh}: did every cluster get its observation every interval, whichever
 * instance ran it, and how late were a killed instance's clusters observed again by the others.
 */
final class FleetCadence {
    private static final Pattern OBSERVED = Pattern.compile("^(\\S+Z) .* cluster=(\\S+) observed: .* took=(\\d+)ms");

    private FleetCadence() {
    }

    /** Every cluster's observation times over all {@code logs}, sorted. */
    static Map<String, List<Long>> observations(Collection<Path> logs) throws IOException {
        Map<String, List<Long>> times = new TreeMap<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = OBSERVED.matcher(line);
                if (m.find()) {
                    times.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(Instant.parse(m.group(1)).toEpochMilli());
                }
            }
        }
        times.values().forEach(Collections::sort);
        return times;
    }

    /**
     * Over [from, to]: snapshots against one per cluster per interval; the longest gap between two
     * observations of one cluster (the last before {@code from} included); clusters with a gap over 1.5
     * intervals (a missed firing), clusters observed twice within half an interval, and clusters never observed.
     */
    static String cadence(long from, long to, long intervalMs, int clusters, Collection<Path> logs) throws IOException {
        return cadence(from, to, intervalMs, clusters, observations(logs));
    }

    static String cadence(long from, long to, long intervalMs, int clusters, Map<String, List<Long>> times) {
        long snapshots = 0;
        long minCount = Long.MAX_VALUE;
        long maxCount = 0;
        long longestGap = 0;
        String longestOf = "-";
        int missed = 0;
        int twice = 0;
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long count = 0;
            long previous = Long.MIN_VALUE;
            long gap = 0;
            boolean doubled = false;
            for (long t : e.getValue()) {
                if (t > to) {
                    break;
                }
                if (t >= from) {
                    count++;
                    if (previous != Long.MIN_VALUE) {
                        gap = Math.max(gap, t - previous);
                        doubled |= t - previous < intervalMs / 2;
                    }
                }
                previous = t;
            }
            // The stretch from the last observation to the window's end counts too: a cluster that stopped being observed.
            if (previous != Long.MIN_VALUE) {
                gap = Math.max(gap, to - Math.max(previous, from));
            }
            snapshots += count;
            minCount = Math.min(minCount, count);
            maxCount = Math.max(maxCount, count);
            if (gap > longestGap) {
                longestGap = gap;
                longestOf = e.getKey();
            }
            missed += gap > intervalMs * 3 / 2 ? 1 : 0;
            twice += doubled ? 1 : 0;
        }
        int never = clusters - (int) times.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(t -> t >= from && t <= to)).count();
        double expected = (double) clusters * (to - from) / intervalMs;
        return String.format("%d snapshots of %d clusters in %.0f s (%.0f expected at one per interval), per cluster %d-%d;"
                        + " longest gap %.1f s (%s); missed an interval (gap over 1.5 intervals): %d; observed twice within half an interval: %d;"
                        + " never observed: %d", snapshots, times.size(), (to - from) / 1000.0, expected, minCount == Long.MAX_VALUE ? 0 : minCount,
                maxCount, longestGap / 1000.0, longestOf, missed, twice, never);
    }

    /** Per log: "NAME snapshots S clusters C" over [from, to]. */
    static List<String> shares(long from, long to, List<Path> logs) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path log : logs) {
            Map<String, List<Long>> times = observations(List.of(log));
            long snapshots = times.values().stream().flatMap(List::stream).filter(t -> t >= from && t <= to).count();
            long clusters = times.values().stream().filter(ts -> ts.stream().anyMatch(t -> t >= from && t <= to)).count();
            out.add(log.getParent().getFileName() + " " + snapshots + " " + clusters);
        }
        return out;
    }

    /**
     * For the clusters a killed instance ran last: each one's first observation after the kill, against
     * when it was due (its last observation before the kill + one interval; the kill itself when that
     * is earlier). "all observed again A s after the kill; late past their due time: p50, p95, max" or
     * "incomplete K/N" while some have not been observed again.
     */
    static String failover(long killMs, long intervalMs, List<String> clusters, Collection<Path> logs) throws IOException {
        return failover(killMs, intervalMs, clusters, observations(logs));
    }

    static String failover(long killMs, long intervalMs, List<String> clusters, Map<String, List<Long>> times) {
        List<Long> late = new ArrayList<>();
        long allAgain = 0;
        Map<String, Long> latest = new HashMap<>();
        for (String cluster : clusters) {
            List<Long> ts = times.getOrDefault(cluster, List.of());
            long before = ts.stream().filter(t -> t <= killMs).reduce((a, b) -> b).orElse(killMs - intervalMs);
            Long after = ts.stream().filter(t -> t > killMs).findFirst().orElse(null);
            if (after == null) {
                continue;
            }
            latest.put(cluster, after);
            allAgain = Math.max(allAgain, after - killMs);
            late.add(Math.max(0, after - Math.max(killMs, before + intervalMs)));
        }
        if (late.size() < clusters.size()) {
            return "incomplete " + late.size() + "/" + clusters.size();
        }
        Collections.sort(late);
        String worst = latest.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
        return String.format("%d clusters all observed again %.1f s after the kill (last: %s); late past their due time: p50 %.1f s, p95 %.1f s, max %.1f s",
                clusters.size(), allAgain / 1000.0, worst, percentile(late, 0.5) / 1000.0, percentile(late, 0.95) / 1000.0,
                late.isEmpty() ? 0 : late.get(late.size() - 1) / 1000.0);
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }
}
