package dev.kafkaremediator.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * The incident's producers at the protocol level, for fills of millions of entries: each producer
 * is what a new idempotent {@code KafkaProducer} puts on the wire, an {@code InitProducerId}
 * (a real producer id from the broker's allocator) and then, per partition leader, one
 * {@code Produce} request with one single-record idempotent batch per partition (sequence 0,
 * epoch from the broker), as {@code KafkaProducer} sends when it writes every partition once.
 * The brokers keep exactly the state a real producer leaves: one entry per producer id per
 * partition. What is left out is the client's own cost (a JVM object graph, metadata, a network
 * thread and a connection per producer), which made the Java client fill at ~2,000 entries/s here.
 * One session per thread: its connections (one per leader) are reused across producers.
 */
final class WireProducers implements IncidentRun.ProducerSession {
    /** As KafkaProducer's delivery.timeout.ms: a loaded broker may be fenced for a few seconds (a missed heartbeat) and come back. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    /** A topic's partitions by their leader, with its id (Produce v13 names topics by id). */
    record Leaders(String topic, Uuid topicId, Map<Node, List<Integer>> partitionsByLeader) { }

    private final Leaders leaders;
    private final boolean everyPartition;
    private final List<Map.Entry<Node, Integer>> partitions = new ArrayList<>();
    private final short acks;
    private final Duration timeout;
    private final Map<Integer, BrokerConnection> connections = new HashMap<>();

    /** {@code everyPartition} false: each producer writes one record, to the partitions in turn. */
    WireProducers(Leaders leaders, boolean everyPartition, short acks, Duration timeout) {
        this.leaders = leaders;
        this.everyPartition = everyPartition;
        leaders.partitionsByLeader().forEach((node, ps) -> ps.forEach(p -> partitions.add(Map.entry(node, p))));
        partitions.sort(Map.Entry.comparingByValue());
        this.acks = acks;
        this.timeout = timeout;
    }

    @Override
    public long produce(long n) throws IOException, InterruptedException {
        Node first = leaders.partitionsByLeader().keySet().iterator().next();
        InitProducerIdResponse id = initProducerId(first);
        long records = 0;
        byte[] value = ("event " + n).getBytes(StandardCharsets.UTF_8);
        if (!everyPartition) {
            Map.Entry<Node, Integer> one = partitions.get((int) ((n - 1) % partitions.size()));
            return produce(one.getKey(), List.of(one.getValue()), id.data().producerId(), id.data().producerEpoch(), value);
        }
        for (Map.Entry<Node, List<Integer>> e : leaders.partitionsByLeader().entrySet()) {
            records += produce(e.getKey(), e.getValue(), id.data().producerId(), id.data().producerEpoch(), value);
        }
        return records;
    }

    private InitProducerIdResponse initProducerId(Node node) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        for (long backoff = FIRST_BACKOFF_MS; ; backoff = Math.min(MAX_BACKOFF_MS, backoff * 2)) {
            // No transactional id: an idempotent producer's id, from the broker's block of the controller's ids.
            InitProducerIdResponse r = (InitProducerIdResponse) connection(node).send(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)), ApiKeys.INIT_PRODUCER_ID);
            Errors error = Errors.forCode(r.data().errorCode());
            if (error == Errors.NONE) {
                return r;
            }
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw new IOException("InitProducerId on broker " + node.id() + ": " + error);
            }
            TimeUnit.MILLISECONDS.sleep(backoff);
        }
    }

    /** One batch of one record per partition; partitions that fail retriably are sent again (same sequence: the broker dedupes). */
    private long produce(Node node, List<Integer> partitions, long producerId, short epoch, byte[] value)
            throws IOException, InterruptedException {
        List<Integer> pending = partitions;
        long now = System.currentTimeMillis();
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData()
                    .setName(leaders.topic()).setTopicId(leaders.topicId());
            List<ProduceRequestData.PartitionProduceData> data = new ArrayList<>(pending.size());
            for (int p : pending) {
                data.add(new ProduceRequestData.PartitionProduceData().setIndex(p).setRecords(
                        MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, 0, new SimpleRecord(now, null, value))));
            }
            topic.setPartitionData(data);
            ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
            topics.add(topic);
            ProduceResponse r = (ProduceResponse) connection(node).send(ProduceRequest.builder(new ProduceRequestData()
                    .setAcks(acks).setTimeoutMs((int) timeout.toMillis()).setTopicData(topics)), ApiKeys.PRODUCE);
            List<Integer> retry = new ArrayList<>();
            Map<String, Integer> retriable = new LinkedHashMap<>();
            Map<String, Integer> fatal = new LinkedHashMap<>();
            for (ProduceResponseData.TopicProduceResponse t : r.data().responses()) {
                for (ProduceResponseData.PartitionProduceResponse pr : t.partitionResponses()) {
                    Errors error = Errors.forCode(pr.errorCode());
                    if (error == Errors.NONE) {
                        continue;
                    }
                    if (error.exception() instanceof RetriableException) {
                        retry.add(pr.index());
                        retriable.merge(error.name(), 1, Integer::sum);
                    } else {
                        fatal.merge(error.name(), 1, Integer::sum);
                    }
                }
            }
            if (!fatal.isEmpty()) {
                throw new IOException("Produce to broker " + node.id() + " as producer id " + producerId + ": " + fatal + " (partitions by error)");
            }
            if (retry.isEmpty()) {
                return partitions.size();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Produce to broker " + node.id() + ": " + retry.size() + " partitions still failing after " + attempt
                        + " attempts in " + DELIVERY_TIMEOUT.toSeconds() + " s: " + retriable + " (partitions by error)");
            }
            pending = retry;
            TimeUnit.MILLISECONDS.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private BrokerConnection connection(Node node) throws IOException {
        BrokerConnection c = connections.get(node.id());
        if (c == null) {
            c = new BrokerConnection(node.host(), node.port(), "incident-app-wire", timeout);
            connections.put(node.id(), c);
        }
        return c;
    }

    /** A connection that failed mid-request is dropped; the next producer opens a new one. */
    @Override
    public void reset() {
        close();
    }

    @Override
    public void close() {
        for (BrokerConnection c : connections.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing a socket that failed: nothing more to do.
            }
        }
        connections.clear();
    }
}
