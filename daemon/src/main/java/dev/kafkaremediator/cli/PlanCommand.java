package dev.kafkaremediator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kafkaremediator.daemon.EvaluationRound;
import dev.kafkaremediator.plan.RemediationPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print what the policies would do now, in escalation order, with each action's target. Calls no action.",
                "Exit 0 nothing to do, 1 a plan was printed, 2 error."})
final class PlanCommand extends PolicyEvaluationCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        List<String> unreachable = new ArrayList<>();
        List<EvaluationRound.Result> results = evaluate(unreachable);
        List<RemediationPlan> plans = results.stream().flatMap(r -> r.plans().stream()).toList();
        PrintWriter out = parent.spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(FindingsJson.of(plans)));
        } else {
            for (EvaluationRound.Result r : results) {
                if (r.plans().isEmpty()) {
                    out.printf("cluster %s: nothing to do%n", r.snapshot().cluster());
                }
                for (RemediationPlan plan : r.plans()) {
                    CheckCommand.print(out, plan);
                    out.println("    plan" + (plan.dryRun() ? " (dry-run: printed and audited, never executed)" : "") + ":");
                    plan.steps().forEach(s -> out.println("      " + CheckCommand.step(s)));
                }
            }
        }
        out.flush();
        if (!unreachable.isEmpty()) {
            throw new CommandFailure(ExitCodes.ERROR, String.join("; ", unreachable));
        }
        return plans.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
