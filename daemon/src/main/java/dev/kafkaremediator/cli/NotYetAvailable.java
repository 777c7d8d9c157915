package dev.kafkaremediator.cli;

import picocli.CommandLine.Model.CommandSpec;

/** What a command that this version does not have yet says, in one line, with exit 2. */
final class NotYetAvailable {
    private NotYetAvailable() {
    }

    static int say(CommandSpec spec) {
        spec.commandLine().getErr().println("remediator " + spec.name() + ": not available in this version yet");
        return ExitCodes.ERROR;
    }
}
