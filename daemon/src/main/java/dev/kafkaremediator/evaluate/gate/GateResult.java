package dev.kafkaremediator.evaluate.gate;

import java.util.List;
import java.util.Map;

/**
 * The gate's judgement and the figures behind it, as `remediator gate --json` prints them (a public
 * interface: fields are added, never renamed). Absent figures are null: unknown, never 0.
 */
public record GateResult(Verdict verdict, List<String> reasons, String fix, Figures figures) {

    public enum Verdict {
        PASS, FAIL, CANNOT_JUDGE
    }

    public GateResult {
        reasons = List.copyOf(reasons);
    }

    /** What was measured, and what it means at this rate. */
    public record Figures(double windowSeconds, Long recordsAppended, long newProducerIds, Double newProducersPer1000Records,
                          Map<String, Long> retentionMs, String clients, List<BrokerFigures> brokers, long horizonDays,
                          Double maxHeapShareInHorizon) { }

    /**
     * One broker: what the window added, and where producer state stands after 7 days and after the
     * horizon if the application goes on at this rate of short-lived producers' entries ({@code shortLivedEntries}:
     * producers that carried fewer than 100 records to a partition). {@code keptFor} says what bounds how long an
     * entry lives: the broker's producer.id.expiration.ms, or the topics' retention on brokers without it.
     */
    public record BrokerFigures(int broker, long newEntries, long shortLivedEntries, Long producerIdCountBefore, Long producerIdCountAfter, Double initProducerIdsPerSecond,
                                Long maxHeapBytes, Double newEntriesPerSecond, String keptFor, long entriesAfter7Days, long entriesAfterHorizon,
                                long bytesAfterHorizon, Double heapShareAfter7Days, Double heapShareAfterHorizon) { }
}
