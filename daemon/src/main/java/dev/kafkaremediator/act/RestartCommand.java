package dev.kafkaremediator.act;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The per-cluster command that restarts one broker, an argument list with {@code {id}} and
 * {@code {host}} placeholders, run without a shell. Placeholder values are checked first: a host
 * or id with spaces, quotes, {@code ;} or {@code $} never reaches the command.
 */
public final class RestartCommand implements BrokerRestarter {
    /** Host-name characters (and IPv6 brackets), never a leading '-': a host like "-Jattacker" would reach ssh as an option. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9\\[][A-Za-z0-9._:\\-\\[\\]]*");
    private static final int OUTPUT_LIMIT = 4096;

    private final List<String> template;

    public RestartCommand(List<String> template) {
        this.template = List.copyOf(template);
    }

    @Override
    public boolean configured() {
        return !template.isEmpty();
    }

    @Override
    public String describe() {
        return template.isEmpty() ? "(none)" : String.join(" ", template);
    }

    @Override
    public Outcome restart(int id, String host, Duration timeout) throws ActionFailure, InterruptedException {
        return run(render(id, host), timeout);
    }

    /** The command for one broker, placeholders filled in. */
    public List<String> render(int id, String host) throws ActionFailure {
        if (template.isEmpty()) {
            throw new ActionFailure("no restart-command configured for this cluster", false);
        }
        String idText = String.valueOf(id);
        if (!SAFE.matcher(host).matches()) {
            throw new ActionFailure("refusing host '" + host + "' of broker " + id + " in a restart command: only letters, digits, '.', '-', ':' allowed, not first '-'",
                    false);
        }
        List<String> out = new ArrayList<>();
        for (String part : template) {
            out.add(part.replace("{id}", idText).replace("{host}", host));
        }
        return out;
    }

    /** Runs it (no shell), bounded; a non-zero exit or a timeout is an {@link ActionFailure} that stops the roll. */
    public Outcome run(List<String> command, Duration timeout) throws ActionFailure, InterruptedException {
        Path output;
        try {
            output = Files.createTempFile("restart-", ".out");
        } catch (IOException e) {
            throw new ActionFailure("cannot capture the restart command's output: " + e.getMessage(), true, e);
        }
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ActionFailure("restart command " + command + " did not finish within " + timeout.toSeconds() + "s; output: " + tail(output),
                        true);
            }
            Outcome outcome = new Outcome(command, process.exitValue(), tail(output), Duration.ofNanos(System.nanoTime() - start));
            if (outcome.exitCode() != 0) {
                throw new ActionFailure("restart command " + command + " exited " + outcome.exitCode() + "; output: " + outcome.output(), true);
            }
            return outcome;
        } catch (IOException e) {
            throw new ActionFailure("cannot run the restart command " + command + ": " + e.getMessage(), true, e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static String tail(Path output) {
        try {
            byte[] bytes = Files.readAllBytes(output);
            int from = Math.max(0, bytes.length - OUTPUT_LIMIT);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
