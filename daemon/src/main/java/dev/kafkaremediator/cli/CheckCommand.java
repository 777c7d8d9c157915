package dev.kafkaremediator.cli;

import dev.kafkaremediator.plan.EvaluationRound;
import dev.kafkaremediator.evaluate.Evidence;
import dev.kafkaremediator.evaluate.Finding;
import dev.kafkaremediator.plan.RemediationPlan;
import dev.kafkaremediator.plan.Step;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Evaluate the policies once against each cluster and print the findings with their evidence.",
                "Exit 0 no findings, 1 findings, 2 error (invalid configuration or policies, unreachable cluster)."})
final class CheckCommand extends PolicyEvaluationCommand {

    @Override
    void printText(PrintWriter out, List<EvaluationRound.Result> results) {
        for (EvaluationRound.Result r : results) {
            out.printf("cluster %s: %d finding%s%n", r.snapshot().cluster(), r.plans().size(), r.plans().size() == 1 ? "" : "s");
            churnNotice(r).ifPresent(out::println);
            r.plans().forEach(p -> print(out, p));
        }
    }

    static void print(PrintWriter out, RemediationPlan plan) {
        Finding f = plan.finding();
        out.printf("  %s %s on %s%s: %s%n", f.severity().name(), f.policy(), f.entity(), f.dryRun() ? " [dry-run]" : "", f.description());
        for (Evidence e : f.metEvidence()) {
            out.println("    - " + e.summary());
        }
        if (!f.topTopics().isEmpty()) {
            out.println("    top topics by producer-state growth: " + f.topTopics().stream()
                    .map(t -> t.topic() + " (" + t.entries() + (t.growthPerHour().isPresent()
                            ? String.format(Locale.ROOT, ", %+.0f/h", t.growthPerHour().getAsDouble()) : "") + ")")
                    .collect(Collectors.joining(", ")));
        }
        f.actionsWithheld().ifPresent(w -> out.println("    actions withheld: " + w));
        out.println("    actions: " + plan.steps().stream().map(s -> s.kind() + (s.runnable() ? "" : " (skipped)"))
                .collect(Collectors.joining(" -> ")));
    }

    static String step(Step s) {
        return s.order() + ". " + s.kind() + " -> " + s.target() + ": " + s.description() + s.skipped().map(w -> " [skipped: " + w + "]").orElse("");
    }
}
