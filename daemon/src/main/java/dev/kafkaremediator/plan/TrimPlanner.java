package dev.kafkaremediator.plan;

import dev.kafkaremediator.observe.ConsumerOffsets;
import dev.kafkaremediator.observe.PartitionOffsets;
import dev.kafkaremediator.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/** Pure: from partition offsets to the exact trim, to the end, to an age, or to an explicit offset. */
public final class TrimPlanner {
    private TrimPlanner() {
    }

    /** How far a trim goes; exactly one of the three. */
    public record Extent(boolean toEnd, Optional<Duration> olderThan, OptionalLong toOffset) {
        public static Extent end() {
            return new Extent(true, Optional.empty(), OptionalLong.empty());
        }

        public static Extent olderThan(Duration age) {
            return new Extent(false, Optional.of(age), OptionalLong.empty());
        }

        public static Extent toOffset(long offset) {
            return new Extent(false, Optional.empty(), OptionalLong.of(offset));
        }

        public String describe() {
            return toEnd ? "to the end (high watermark)" : olderThan.map(d -> "records older than " + Durations.format(d))
                    .orElse("to offset " + toOffset.orElse(-1));
        }
    }

    public static TrimPlan plan(String cluster, List<String> topics, Extent extent, Map<TopicPartition, PartitionOffsets> offsets,
                                ConsumerOffsets consumers) {
        List<PartitionTrim> partitions = new ArrayList<>();
        offsets.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition))).forEach(e -> {
                    PartitionOffsets o = e.getValue();
                    long target;
                    if (extent.toEnd()) {
                        target = o.end();
                    } else if (extent.olderThan().isPresent()) {
                        // No record that new: every record is older, trim to the end.
                        target = o.atTimestamp().orElse(o.end());
                    } else {
                        target = extent.toOffset().getAsLong();
                    }
                    // deleteRecords cannot move the start backwards nor past the end.
                    target = Math.max(o.logStart(), Math.min(target, o.end()));
                    partitions.add(new PartitionTrim(e.getKey(), o.logStart(), o.end(), target, consumers.lowestCommitted(e.getKey())));
                });
        return new TrimPlan(cluster, topics, extent.describe(), partitions);
    }
}
