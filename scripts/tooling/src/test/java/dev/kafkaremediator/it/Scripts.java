package dev.kafkaremediator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts as separate processes, the way an operator or CI runs them. */
public final class Scripts {
    private Scripts() {
    }

    public record Result(int exitCode, String output) { }

    /** Starts {@code remediator run --config CONFIG} as its own process, output to {@code log}; the launcher execs java, so SIGTERM reaches the daemon. */
    public static Process startDaemon(Path config, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(RunningCluster.projectHome().resolve("scripts/remediator").toString(), "run", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        String jar = System.getProperty("remediator.jar");
        if (jar != null) {
            builder.environment().put("REMEDIATOR_JAR", jar);
        }
        return builder.start();
    }

    public static Result run(Duration timeout, String script, String... args) throws IOException, InterruptedException {
        Path home = RunningCluster.projectHome();
        List<String> command = new ArrayList<>();
        command.add(home.resolve("scripts").resolve(script).toString());
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (String arg : args) {
            // NAME=value before the script's own arguments sets its environment.
            if (command.size() == 1 && arg.matches("[A-Z_]+=.*")) {
                env.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                command.add(arg);
            }
        }
        Path output = Files.createTempFile("script-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            String jar = System.getProperty("remediator.jar");
            if (jar != null) {
                builder.environment().put("REMEDIATOR_JAR", jar);
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(script + " " + String.join(" ", args) + " did not finish within " + timeout
                        + "; output:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static final java.util.regex.Pattern HTTP = java.util.regex.Pattern.compile("/metrics on (127\\.0\\.0\\.1:\\d+)");

    /** host:port of the daemon's HTTP server (port 0 in the config), once its log says it listens. */
    public static String httpAddress(Path log) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            java.util.regex.Matcher m = HTTP.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
            return m.find() ? m.group(1) : null;
        }, a -> a != null);
    }
}
