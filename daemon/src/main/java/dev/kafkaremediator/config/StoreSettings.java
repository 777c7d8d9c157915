package dev.kafkaremediator.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the state that outlives a process is kept ({@code remediator.store}): files under the state
 * directory (the embedded default, one instance), or PostgreSQL, which several instances can share.
 */
public sealed interface StoreSettings {

    static StoreSettings files() {
        return new Files();
    }

    /** {@code store = files}: history, findings, ledger, audit and roll journals under {@code state-dir}. */
    record Files() implements StoreSettings { }

    /**
     * {@code store.postgres { ... }}. The password is resolved when the configuration is loaded (from
     * the environment variable {@code password-env} names, or {@code password = ${?VAR}}) and never
     * printed: {@link #toString()} leaves it out.
     *
     * @param instanceId this process's name in the audit (and, later, in Quartz and the leases); empty: host name and PID
     * @param poolSize most connections the pool opens (the roll lock takes one more of its own while a roll runs)
     * @param connectionTimeout how long a caller waits for a pooled connection, and the TCP connect and login of a new one
     * @param statementTimeout the server's {@code statement_timeout} for every statement of these connections
     * @param socketTimeout a read from the server that hangs longer fails (a dead server or network), above the statement timeout
     */
    record Postgres(String url, String user, Optional<String> password, String schema, Optional<String> instanceId, int poolSize,
                    Duration connectionTimeout, Duration statementTimeout, Duration socketTimeout) implements StoreSettings {

        @Override
        public String toString() {
            return "Postgres[url=" + url + ", user=" + user + ", password=" + (password.isPresent() ? "(set)" : "(none)") + ", schema=" + schema
                    + ", instanceId=" + instanceId.orElse("(host:pid)") + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                    + ", statementTimeout=" + statementTimeout + ", socketTimeout=" + socketTimeout + "]";
        }
    }
}
