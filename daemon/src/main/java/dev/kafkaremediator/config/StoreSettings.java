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
                    Duration connectionTimeout, Duration statementTimeout, Duration socketTimeout, Ha ha) implements StoreSettings {

        /** With the default {@link Ha} settings. */
        public Postgres(String url, String user, Optional<String> password, String schema, Optional<String> instanceId, int poolSize,
                        Duration connectionTimeout, Duration statementTimeout, Duration socketTimeout) {
            this(url, user, password, schema, instanceId, poolSize, connectionTimeout, statementTimeout, socketTimeout, Ha.defaults());
        }

        public Postgres {
            ha = ha == null ? Ha.defaults() : ha;
        }

        /** The URL as logs and messages may show it: a password in it (refused by the configuration check) masked all the same. */
        public String displayUrl() {
            return JdbcUrls.redacted(url);
        }

        /** The same settings with {@code ha} replaced. */
        public Postgres withHa(Ha replacement) {
            return new Postgres(url, user, password, schema, instanceId, poolSize, connectionTimeout, statementTimeout, socketTimeout, replacement);
        }

        @Override
        public String toString() {
            return "Postgres[url=" + displayUrl() + ", user=" + user + ", password=" + (password.isPresent() ? "(set)" : "(none)") + ", schema=" + schema
                    + ", instanceId=" + instanceId.orElse("(host:pid)") + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                    + ", statementTimeout=" + statementTimeout + ", socketTimeout=" + socketTimeout + ", ha=" + ha + "]";
        }
    }

    /**
     * {@code store.postgres.ha}: several remediators as one.
     *
     * @param checkinInterval how often each instance checks in with Quartz's clustered job store; an
     *                        instance silent for about this long (plus Quartz's 7.5 s allowance) is
     *                        taken for dead and its running jobs are recovered by the others
     * @param leaseTtl        how long a cluster's lease lasts from its last renewal (renewed every third of it while the cluster's job or roll runs)
     * @param leaseMargin     another instance's expired lease is taken only this long after its expiry: a holder that was merely
     *                        paused finds it lost at its next check before it makes a change
     */
    record Ha(Duration checkinInterval, Duration leaseTtl, Duration leaseMargin) {
        public static Ha defaults() {
            return new Ha(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));
        }
    }
}
