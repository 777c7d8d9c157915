package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CensusRequestsTest {
    private static List<TopicPartition> partitions(String topic, int n) {
        return IntStream.range(0, n).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static TopicLayout layout(String topic, int n, int leader) {
        List<TopicLayout.Partition> ps = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            ps.add(new TopicLayout.Partition(p, OptionalInt.of(leader), List.of(leader), List.of(leader)));
        }
        return new TopicLayout(topic, false, ps);
    }

    /** Runs a census plan against sizes, returning each request's partitions. */
    private static List<List<TopicPartition>> run(CensusRequests requests, Map<TopicPartition, Integer> sizes, List<CensusRequests.Refusal> refused) {
        List<List<TopicPartition>> out = new ArrayList<>();
        while (requests.hasNext()) {
            CensusRequests.Request r = requests.next();
            refused.addAll(r.refused());
            if (!r.partitions().isEmpty()) {
                out.add(r.partitions());
                r.partitions().forEach(tp -> requests.answered(tp, sizes.getOrDefault(tp, 0)));
            }
        }
        return out;
    }

    @Test
    void aFirstCensusThatKnowsNothingStartsWithOnePartitionAndGrows() {
        List<TopicPartition> all = partitions("t", 300);
        List<List<TopicPartition>> requests = run(new CensusRequests(all, new CensusEstimates(), 100, CensusPermits.ofEntries(100_000)), Map.of(),
                new ArrayList<>());
        assertThat(requests.stream().map(List::size).toList()).as("1, 2, 4 ... then the batch size").startsWith(1, 2, 4, 8, 16, 32, 64, 100);
        assertThat(requests.stream().mapToInt(List::size).sum()).isEqualTo(300);
    }

    @Test
    void requestsAreSizedByTheEntriesTheyReturnNotByPartitions() {
        CensusEstimates estimates = new CensusEstimates();
        List<TopicPartition> all = partitions("leak", 250);
        Map<TopicPartition, Integer> sizes = new java.util.HashMap<>();
        all.forEach(tp -> sizes.put(tp, 8_000));
        CensusPermits permits = CensusPermits.ofEntries(125_000);
        run(new CensusRequests(all, estimates, 100, permits), sizes, new ArrayList<>());
        // The second census knows each partition's 8,000 (10,016 with room to grow): 4 a request within 50,000.
        List<List<TopicPartition>> second = run(new CensusRequests(all, estimates, 100, permits), sizes, new ArrayList<>());
        assertThat(second).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(4));
        assertThat(second.stream().mapToInt(List::size).sum()).isEqualTo(250);
    }

    @Test
    void theLeadersProducerIdCountSizesPartitionsNeverCounted() {
        CensusEstimates estimates = new CensusEstimates();
        estimates.layout(List.of(layout("leak", 250, 1)));
        estimates.producerIdCounts(Map.of(1, 2_000_000L));
        CensusRequests requests = new CensusRequests(partitions("leak", 250), estimates, 100, CensusPermits.ofEntries(125_000));
        CensusRequests.Request first = requests.next();
        assertThat(first.partitions()).as("8,000 on average, 16,000 expected: 3 fit 50,000").hasSize(3);
        assertThat(first.expectedEntries()).isEqualTo(48_000);
    }

    @Test
    void aPartitionTooLargeForTheHeapIsRefusedWithItsReasonNotAsked() {
        CensusEstimates estimates = new CensusEstimates();
        TopicPartition huge = new TopicPartition("leak", 1);
        estimates.record(huge, 900_000);
        List<CensusRequests.Refusal> refused = new ArrayList<>();
        List<List<TopicPartition>> asked = run(new CensusRequests(partitions("leak", 3), estimates, 100, CensusPermits.ofEntries(125_000)),
                Map.of(), refused);
        assertThat(asked.stream().flatMap(List::stream)).doesNotContain(huge).hasSize(2);
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(huge);
            assertThat(r.reason()).contains("partition leak-1 held 900,000 producer-state entries at the last census", "-Xmx");
        });
    }

    @Test
    void aBrokerWhoseAverageAloneIsTooLargeHasItsUncountedPartitionsRefused() {
        CensusEstimates estimates = new CensusEstimates();
        estimates.layout(List.of(layout("leak", 10, 2)));
        estimates.producerIdCounts(Map.of(2, 50_000_000L));
        List<CensusRequests.Refusal> refused = new ArrayList<>();
        List<List<TopicPartition>> asked = run(new CensusRequests(partitions("leak", 10), estimates, 100, CensusPermits.ofEntries(125_000)),
                Map.of(), refused);
        assertThat(asked).isEmpty();
        assertThat(refused).hasSize(10).first().satisfies(r -> assertThat(r.reason())
                .contains("its leader (broker 2) holds 50,000,000 producer-state entries over 10 partition replicas (5,000,000 on average)"));
    }

    @Test
    void anAnswerLargerThanExpectedMakesTheRestOfTheCensusSmaller() {
        List<TopicPartition> all = partitions("t", 40);
        Map<TopicPartition, Integer> sizes = new java.util.HashMap<>();
        all.forEach(tp -> sizes.put(tp, 20_000));
        List<List<TopicPartition>> requests = run(new CensusRequests(all, new CensusEstimates(), 100, CensusPermits.ofEntries(125_000)), sizes,
                new ArrayList<>());
        assertThat(requests).as("after the first answer of 20,000, each partition is expected at 25,016: two a request")
                .allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(2));
    }
}
