package dev.kafkaremediator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "heap-dump", mixinStandardHelpOptions = true, description = "Write a heap dump of one broker through JMX (guarded, audited).")
final class HeapDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetAvailable.say(spec);
    }
}
