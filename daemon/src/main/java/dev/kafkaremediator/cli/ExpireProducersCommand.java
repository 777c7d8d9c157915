package dev.kafkaremediator.cli;

import dev.kafkaremediator.config.ClusterConfig;
import dev.kafkaremediator.observe.ClusterSnapshot;
import dev.kafkaremediator.plan.Action;
import dev.kafkaremediator.config.policy.ActionDefaults;
import dev.kafkaremediator.act.ActionContext;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.InterruptedExpiry;
import dev.kafkaremediator.audit.StateStores;
import dev.kafkaremediator.act.ExpireProducersStep;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "expire-producers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Expire idle producer ids everywhere (KIP-854): set the cluster default producer.id.expiration.ms for a while,",
                "wait for ProducerIdCount to fall, restore the previous value. No data is deleted. Exit 0 done, 2 error, 3 refused."})
final class ExpireProducersCommand extends ManualActionCommand {
    @Option(names = "--expiration", paramLabel = "SECONDS", defaultValue = "120",
            description = {"producer.id.expiration.ms to set, in seconds (default ${DEFAULT-VALUE}, the producers' delivery.timeout.ms).",
                    "Below 120 is refused unless --force: a producer retrying after its id expired may write duplicates."})
    long expirationSeconds;

    @Option(names = "--await", paramLabel = "SECONDS|auto", defaultValue = "auto",
            description = {"How long the lowered value may stay at most (default ${DEFAULT-VALUE}: twice the slowest broker's",
                    "producer.id.expiration.check.interval.ms, 10 min by Kafka's default, and a margin). It stays until every broker's",
                    "expiry pass has run and the counts stopped falling; shorter than one pass is refused."})
    String await;

    @Option(names = "--keep", description = "Keep the new value instead of restoring the previous one.")
    boolean keep;

    /** A lowering left by a remediator that stopped mid-action is put back first (and the new one then reads the real previous value). */
    @Override
    void before(ActionContext context, StateStores stores, boolean dryRun, java.io.PrintWriter out) {
        try {
            List<InterruptedExpiry.Pending> pending = InterruptedExpiry.find(stores.audit(), context.cluster().name(),
                    context.now().minus(Duration.ofDays(7)));
            if (dryRun) {
                pending.forEach(p -> out.println("dry-run: " + ExpireProducersStep.CONFIG + " lowered to " + p.lowered() + " by " + p.actionId()
                        + " was never restored; a run that is not a dry run restores it first"));
                return;
            }
            InterruptedExpiry.restore(pending, context.cluster().name(), context.reads(), context.changes(), stores.audit(), context.waiter().clock(),
                    context.cluster().timeouts().admin()).forEach(out::println);
        } catch (AuditException e) {
            throw new CommandFailure(ExitCodes.ERROR, "cannot read the audit for an interrupted expire-producers: " + e.getMessage());
        }
    }

    @Override
    void checkOptions() {
        if (expirationSeconds < 1 || expirationSeconds * 1000 > ActionDefaults.EXPIRATION_MAX_MS) {
            throw new CommandFailure(ExitCodes.ERROR, "--expiration: expected 1 to " + ActionDefaults.EXPIRATION_MAX_MS / 1000
                    + " seconds (producer.id.expiration.ms is an INT config), got " + expirationSeconds);
        }
        awaitBound();
    }

    @Override
    Action action(ClusterConfig cluster, ClusterSnapshot snapshot) {
        return new Action.ExpireProducers(cluster.name(), Duration.ofSeconds(expirationSeconds), awaitBound(), !keep, ActionDefaults.EXPIRATION_FLOOR,
                ActionDefaults.limits("expire-producers"));
    }

    private Optional<Duration> awaitBound() {
        Optional<Duration> bound;
        if ("auto".equals(await)) {
            bound = Optional.empty();
        } else {
            try {
                bound = Optional.of(Duration.ofSeconds(Long.parseLong(await)));
            } catch (NumberFormatException e) {
                throw new CommandFailure(ExitCodes.ERROR, "--await: expected a number of seconds or auto, got '" + await + "'");
            }
            if (bound.get().getSeconds() < 1) {
                throw new CommandFailure(ExitCodes.ERROR, "--await: expected at least 1 second or auto, got " + await);
            }
        }
        return bound;
    }
}
