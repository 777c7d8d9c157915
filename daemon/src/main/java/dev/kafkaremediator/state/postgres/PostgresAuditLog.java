package dev.kafkaremediator.state.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaremediator.audit.AuditEvent;
import dev.kafkaremediator.audit.AuditException;
import dev.kafkaremediator.audit.AuditLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The audit in {@code audit_event}: one row per record, inserted and committed before
 * {@link #append} returns (PostgreSQL's commit is durable unless the server runs with
 * synchronous_commit off). Each row carries this instance's id, so with several remediators the
 * audit says which one acted. Rows are never updated (a trigger refuses it). Read back in time
 * order, records of one instant in the order they were written.
 */
public final class PostgresAuditLog implements AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> DETAILS = new TypeReference<>() { };

    private final DataSource pool;
    private final String instanceId;

    public PostgresAuditLog(DataSource pool, String instanceId) {
        this.pool = pool;
        this.instanceId = instanceId;
    }

    @Override
    public void append(AuditEvent event) throws AuditException {
        try {
            Sql.withConnection(pool, c -> insert(c, event, instanceId, Optional.empty()));
        } catch (SQLException e) {
            throw new AuditException("cannot write the audit to the state database: " + e.getMessage(), e);
        }
    }

    /**
     * Inserts one record; with an import key, only if no record with that key is there yet.
     * Returns whether a row was inserted.
     */
    static boolean insert(Connection c, AuditEvent event, String instanceId, Optional<String> importKey) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_event (at, action_id, event, cluster, actor, dry_run, details, instance_id,"
                + " import_key) VALUES (?, ?, ?, ?, ?, ?, ?::json, ?, ?) ON CONFLICT (import_key) DO NOTHING")) {
            Sql.set(insert, 1, event.time());
            insert.setString(2, event.actionId());
            insert.setString(3, event.event());
            insert.setString(4, event.cluster());
            insert.setString(5, event.actor());
            insert.setBoolean(6, event.dryRun());
            insert.setString(7, details(event));
            insert.setString(8, instanceId);
            insert.setString(9, importKey.orElse(null));
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public Read read(Instant since) throws AuditException {
        try {
            return Sql.withConnection(pool, c -> {
                List<AuditEvent> events = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT seq, at, action_id, event, cluster, actor, dry_run, details::text AS details"
                        + " FROM audit_event WHERE at >= ? ORDER BY at, seq")) {
                    Sql.set(select, 1, since);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            try {
                                events.add(new AuditEvent(Sql.instant(rs, "at"), rs.getString("action_id"), rs.getString("event"), rs.getString("cluster"),
                                        rs.getString("actor"), rs.getBoolean("dry_run"), JSON.readValue(rs.getString("details"), DETAILS)));
                            } catch (JsonProcessingException | RuntimeException e) {
                                // json holds valid JSON, but a hand-made row may hold something other than an object.
                                skipped.add("audit_event " + rs.getLong("seq") + ": details are not a JSON object, record skipped");
                            }
                        }
                    }
                }
                return new Read(events, skipped);
            });
        } catch (SQLException e) {
            throw new AuditException("cannot read the audit from the state database: " + e.getMessage(), e);
        }
    }

    private static String details(AuditEvent event) {
        try {
            return JSON.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details that Jackson cannot write: " + e.getMessage(), e);
        }
    }
}
