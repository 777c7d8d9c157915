package dev.kafkaremediator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "roll", mixinStandardHelpOptions = true, description = "Restart brokers one at a time, keeping every partition at or above min.insync.replicas.")
final class RollCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetAvailable.say(spec);
    }
}
