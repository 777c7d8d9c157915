package dev.kafkaremediator.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The application under test of `remediator gate --app-command`: a shell line run with {@code sh -c},
 * as CI systems run their steps, its output passed through (to stderr when the gate's own output is
 * JSON), bounded by a timeout after which it is stopped.
 */
final class AppUnderTest {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private final String command;
    private final Duration timeout;
    private final boolean outputToStderr;

    AppUnderTest(String command, Duration timeout, boolean outputToStderr) {
        this.command = command;
        this.timeout = timeout;
        this.outputToStderr = outputToStderr;
    }

    /** Runs it; why the gate cannot judge the window if it failed or did not finish, else empty. */
    Optional<String> run() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(outputToStderr ? ProcessBuilder.Redirect.appendTo(new java.io.File("/dev/stderr")) : ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return Optional.of("the application under test did not finish within --app-timeout " + dev.kafkaremediator.time.Durations.format(timeout)
                    + " and was stopped");
        }
        int exit = process.exitValue();
        return exit == 0 ? Optional.empty() : Optional.of("the application under test failed (exit code " + exit + ": " + command + ")");
    }
}
