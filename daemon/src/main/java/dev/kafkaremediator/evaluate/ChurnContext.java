package dev.kafkaremediator.evaluate;

import dev.kafkaremediator.observe.ClientsSummary;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.observe.TopicSnapshot;
import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a producer-churn finding carries besides its conditions, for the people it notifies: what
 * the creation rate becomes on the brokers' heaps, and which clients the brokers name. Context, not
 * a condition: reported with the met evidence (outcome MET, series "context") so the notification,
 * {@code check} and the audit show it.
 */
final class ChurnContext {
    /** Measured on Kafka 4.4 (DESIGN.md): about 256 bytes of heap per producer id per partition replica. */
    static final long BYTES_PER_ENTRY = 256;
    /** Kafka's default producer.id.expiration.ms (KIP-854): how long an idle producer's state stays. */
    static final Duration DEFAULT_EXPIRATION = Duration.ofDays(1);
    static final String SERIES = "context";

    private ChurnContext() {
    }

    static List<Evidence> of(ClusterSnapshot snapshot, List<TopicTrend> topTopics) {
        return List.of(impact(snapshot, topTopics), clients(snapshot));
    }

    /**
     * Producers a day at the current rate, and their heap: each new producer leaves at least one entry
     * on every replica of each partition it writes, so at least the replication factor of the topic it
     * writes (the one gaining entries fastest, else the smallest of the cluster's). Held until
     * producer.id.expiration.ms expires it; retention does not free it (KIP-360: neither does a trim).
     */
    static Evidence impact(ClusterSnapshot snapshot, List<TopicTrend> topTopics) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Optional<Double> rate = snapshot.producerInitsPerSecond().optional();
        if (rate.isEmpty()) {
            return new Evidence(Evidence.Outcome.MET, SERIES, "producer creation now: unknown ("
                    + snapshot.producerInitsPerSecond().unknownReason().orElse("") + ")", figures);
        }
        double perDay = rate.get() * 86_400;
        Optional<TopicSnapshot> topic = topTopics.stream().filter(t -> t.growthPerHour().orElse(0) > 0).findFirst()
                .flatMap(t -> snapshot.topic(t.topic()));
        int replicas = topic.map(TopicSnapshot::replicationFactor).orElseGet(() -> snapshot.topics().optional().orElse(List.of()).stream()
                .filter(t -> !t.internal()).mapToInt(TopicSnapshot::replicationFactor).filter(rf -> rf > 0).min().orElse(1));
        double bytesPerDay = perDay * replicas * BYTES_PER_ENTRY;
        int brokers = Math.max(1, snapshot.brokers().size());
        figures.put("producersPerSecond", rate.get());
        figures.put("producersPerDay", perDay);
        figures.put("entriesPerProducerAtLeast", replicas);
        figures.put("bytesPerEntry", BYTES_PER_ENTRY);
        figures.put("heapBytesPerDayAtLeast", bytesPerDay);
        topic.ifPresent(t -> figures.put("topic", t.name()));
        String retention = topic.flatMap(t -> t.configs().optional()).flatMap(c -> c.retentionMs())
                .map(ms -> ms < 0 ? "forever" : Durations.format(Duration.ofMillis(ms))).orElse("?");
        String where = topic.map(t -> "topic " + t.name() + " (replication factor " + t.replicationFactor() + ", retention " + retention + ")")
                .orElse("the cluster's topics (replication factor " + replicas + " at least)");
        String summary = String.format(Locale.ROOT, "%s producers a day at %.1f/s; each leaves an entry on every replica of each partition it writes to "
                        + "%s: at least %s entries a day, %s of broker heap at %d B each (%s per broker over %d brokers), held for "
                        + "producer.id.expiration.ms (%s by Kafka's default) whatever the retention: neither retention nor a trim frees producer state (KIP-360)",
                ConditionEvaluator.number(perDay), rate.get(), where, ConditionEvaluator.number(perDay * replicas), bytes(bytesPerDay), BYTES_PER_ENTRY,
                bytes(bytesPerDay / brokers), brokers, Durations.format(DEFAULT_EXPIRATION));
        return new Evidence(Evidence.Outcome.MET, SERIES, summary, figures);
    }

    /** The client software with the most connections, and produce rates of quota'd clients, or plainly that the brokers cannot tell. */
    static Evidence clients(ClusterSnapshot snapshot) {
        ClientsSummary clients = ClientsSummary.of(snapshot);
        Map<String, Object> figures = new LinkedHashMap<>();
        clients.leading().ifPresent(s -> {
            figures.put("clientSoftware", s.name());
            figures.put("clientSoftwareVersion", s.version());
            figures.put("connections", s.connections());
        });
        clients.produce().stream().findFirst().ifPresent(p -> {
            p.user().ifPresent(u -> figures.put("topProducerUser", u));
            p.clientId().ifPresent(c -> figures.put("topProducerClientId", c));
        });
        return new Evidence(Evidence.Outcome.MET, SERIES, clients.sentence(3), figures);
    }

    private static String bytes(double b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", b / (1L << 20));
    }
}
