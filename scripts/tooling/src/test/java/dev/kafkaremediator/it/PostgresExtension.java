package dev.kafkaremediator.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real PostgreSQL per test run (on first use, in the root context store, which closes it
 * when the run ends, passed or failed) and hands it to tests as a {@link RunningPostgres} parameter.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static RunningPostgres running(ExtensionContext context) {
        // JUnit closes what the root store holds (AutoCloseable) when the run ends: the server is stopped by its PID.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("postgres", key -> RunningPostgres.start(), RunningPostgres.class);
    }
}
