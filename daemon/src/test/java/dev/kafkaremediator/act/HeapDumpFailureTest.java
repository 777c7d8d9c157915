package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkaremediator.observe.SourceFailure;
import org.junit.jupiter.api.Test;

/** A heap dump that could not be written says why, in an operator's terms, and whether anything may still be written. */
class HeapDumpFailureTest {
    private static ActionFailure failure(String jvmSaid) {
        return JmxBrokerDiagnostics.dumpFailure("h1:9999", "/var/tmp/dumps/c-broker-1.hprof", new SourceFailure("JMX h1:9999: IOException: " + jvmSaid));
    }

    @Test
    void aMissingDirectoryIsNamedWithTheFix() {
        ActionFailure f = failure("No such file or directory");
        assertThat(f.getMessage()).contains("the directory /var/tmp/dumps does not exist on the host of the broker at h1:9999").contains("create it");
        assertEquals(ActionFailure.Kind.RETRY_LATER, f.kind(), "nothing was written");
    }

    @Test
    void anUnwritableDirectoryAFileAlreadyThereAndAFullDiskAreNamedToo() {
        assertThat(failure("Permission denied").getMessage()).contains("cannot write to /var/tmp/dumps");
        assertThat(failure("File exists").getMessage()).contains("already exists");
        assertThat(failure("No space left on device").getMessage()).contains("is full");
    }

    @Test
    void aTimeoutLeavesTheStateUnknown() {
        ActionFailure f = JmxBrokerDiagnostics.dumpFailure("h1:9999", "/var/tmp/dumps/x.hprof", new SourceFailure("JMX h1:9999: no answer within 600s"));
        assertEquals(ActionFailure.Kind.STOPS_PLAN, f.kind());
        assertThat(f.getMessage()).contains("may still be writing it");
    }
}
