package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.act.ActionFailure;
import dev.kafkaremediator.act.BrokerDiagnostics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Heap dumps and class histograms as plain values: what was asked is recorded, the histogram's text is given. */
public final class InMemoryBrokerDiagnostics implements BrokerDiagnostics {
    public final List<String> dumps = new ArrayList<>();
    public final List<String> histograms = new ArrayList<>();
    public String histogramText = "";
    public Optional<ActionFailure> failure = Optional.empty();

    @Override
    public synchronized void dumpHeap(String endpoint, String path, boolean live, Duration timeout) throws ActionFailure {
        if (failure.isPresent()) {
            throw failure.get();
        }
        dumps.add(endpoint + " " + path + " live=" + live);
    }

    @Override
    public synchronized String classHistogram(String endpoint, Duration timeout) throws ActionFailure {
        if (failure.isPresent()) {
            throw failure.get();
        }
        histograms.add(endpoint);
        return histogramText;
    }
}
