package dev.kafkaremediator.history;

/** Names of the recorded series. Topic names may contain dots, so callers build names, never parse them. */
public final class SeriesNames {
    public static final String TOPIC_COUNT = "cluster.topics";
    public static final String PARTITION_COUNT = "cluster.partitions";
    /** Producers created per second in the cluster: every broker's InitProducerId requests per second, summed. */
    public static final String CLUSTER_PRODUCER_INITS_PER_SECOND = "cluster.producer-inits-per-second";

    private SeriesNames() {
    }

    public static String brokerHeapUsed(int broker) {
        return "broker." + broker + ".heap.used";
    }

    public static String brokerHeapAfterGc(int broker) {
        return "broker." + broker + ".heap.after-gc";
    }

    public static String brokerHeapMax(int broker) {
        return "broker." + broker + ".heap.max";
    }

    public static String brokerProducerIds(int broker) {
        return "broker." + broker + ".producer-ids";
    }

    /** Heap held by a broker's producer state: its entries times the bytes one entry costs there. */
    public static String brokerProducerStateBytes(int broker) {
        return "broker." + broker + ".producer-state-bytes";
    }

    /** Producer-state entries of a topic with an ongoing transaction: they never expire. */
    public static String topicOpenTransactions(String topic) {
        return "topic." + topic + ".open-transactions";
    }

    /** Seconds the producer of a topic's oldest open transaction has been silent: above transaction.max.timeout.ms, hanging. */
    public static String topicOldestOpenTransactionSeconds(String topic) {
        return "topic." + topic + ".oldest-open-transaction-seconds";
    }

    /** Producer-state entries of a topic (one per producer id per partition): what costs heap. */
    public static String topicProducerEntries(String topic) {
        return "topic." + topic + ".producer-entries";
    }

    /** InitProducerId requests per second answered by the broker since the previous observation: producers created. */
    public static String brokerProducerInitsPerSecond(int broker) {
        return "broker." + broker + ".producer-inits-per-second";
    }

    /** The broker's InitProducerId request counter as read (since its start), so a later process can compute a rate from it. */
    public static String brokerProducerInitRequests(int broker) {
        return "broker." + broker + ".producer-init-requests";
    }

    /** When the broker's JVM started (epoch milliseconds): a different start means its counters began again. */
    public static String brokerStartedAtMillis(int broker) {
        return "broker." + broker + ".started-at-ms";
    }
}
