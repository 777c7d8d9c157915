package dev.kafkaremediator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "expire-producers", mixinStandardHelpOptions = true, description = "Expire idle producer ids by lowering producer.id.expiration.ms for a while.")
final class ExpireProducersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetAvailable.say(spec);
    }
}
