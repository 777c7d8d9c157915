package dev.kafkaremediator.localpg;

/**
 * What {@code postgres.json} records about a running local server: the postmaster's PID (the
 * process to signal), its port on 127.0.0.1, and the superuser and database to connect as.
 */
public record LocalPostgresState(long pid, int port, String user, String database) {

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }
}
