package dev.kafkaremediator.state.postgres;

import dev.kafkaremediator.config.StoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One login before the pool is built. HikariCP tries again every second until its initialization
 * timeout (the connection timeout, 10 s by default) whatever the failure: a wrong password made 10
 * logins in 10 s at every start, enough to lock an account where failed logins are counted. A login
 * the server refuses (SQLState class 28: password authentication failed, no pg_hba.conf entry) does
 * not become right by trying again, so it fails the start at once; anything else (a server not up
 * yet) is left to the pool's waiting, as before.
 */
final class LoginCheck {
    /** How the one login is made; {@link DriverManager} in production. */
    @FunctionalInterface
    interface Connector {
        Connection connect(String url, Properties properties) throws SQLException;
    }

    private LoginCheck() {
    }

    /** @throws StateStoreException when the server refuses the login */
    static void refusedLogin(StoreSettings.Postgres settings, Properties connectionProperties, Connector connector) {
        Properties props = new Properties();
        props.putAll(connectionProperties);
        props.setProperty("user", settings.user());
        settings.password().ifPresent(p -> props.setProperty("password", p));
        try (Connection ignored = connector.connect(settings.url(), props)) {
            // The login works; the pool opens its own connections.
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                throw new StateStoreException("the state database " + settings.url() + " refused the login of " + settings.user() + ": "
                        + e.getMessage() + " (not tried again: check store.postgres.user and the password in password-env)", e);
            }
        }
    }

    static void refusedLogin(StoreSettings.Postgres settings, Properties connectionProperties) {
        refusedLogin(settings, connectionProperties, DriverManager::getConnection);
    }
}
