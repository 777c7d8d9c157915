package dev.kafkaremediator.cli;

import dev.kafkaremediator.plan.EvaluationRound;
import dev.kafkaremediator.plan.RemediationPlan;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print what the policies would do now, in escalation order, with each action's target. Calls no action.",
                "Exit 0 nothing to do, 1 a plan was printed, 2 error."})
final class PlanCommand extends PolicyEvaluationCommand {

    @Override
    void printText(PrintWriter out, List<EvaluationRound.Result> results) {
        for (EvaluationRound.Result r : results) {
            if (r.plans().isEmpty()) {
                out.printf("cluster %s: nothing to do%n", r.snapshot().cluster());
            }
            churnNotice(r).ifPresent(out::println);
            for (RemediationPlan plan : r.plans()) {
                CheckCommand.print(out, plan);
                out.println("    plan" + (plan.dryRun() ? " (dry-run: printed and audited, never executed)" : "") + ":");
                plan.steps().forEach(s -> out.println("      " + CheckCommand.step(s)));
            }
        }
    }
}
