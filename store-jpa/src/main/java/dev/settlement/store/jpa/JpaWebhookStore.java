package dev.settlement.store.jpa;

import static dev.settlement.store.jpa.Jdbc.nullableInt;
import static dev.settlement.store.jpa.Jdbc.nullableLong;
import static dev.settlement.store.jpa.Jdbc.setNullable;

import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link WebhookStore} of every SQL backend: tables {@code webhook_endpoints} and {@code webhook_deliveries} of the
 * backend's migrations, in plain SQL both backends speak, through the settlement store's sessions (so errors and
 * transactions are the settlement store's: STORE_UNAVAILABLE for any failure of the database). Every write is one
 * transaction; each compare-and-set is the WHERE of its UPDATE, so racing instances need no lock.
 */
final class JpaWebhookStore implements WebhookStore {
    private static final String ENDPOINT_COLUMNS =
            "id, url, types, solver_id, description, secret, created_at, feed_cursor";
    private static final String DELIVERY_COLUMNS = "endpoint_id, event_sequence, settlement_id, event_time, status,"
            + " attempts, last_attempt_at, next_attempt_at, last_response_status, last_error, version";
    /**
     * "Still to be sent" ({@link DeliveryStatus#isUndelivered}), spelled as the partial indexes of the migrations spell
     * it: SQLite uses a partial index only for a query that carries its term word for word.
     */
    private static final String UNDELIVERED = "status IN ('PENDING', 'FAILED')";

    private final JpaSettlementStore store;

    JpaWebhookStore(JpaSettlementStore store) {
        this.store = store;
    }

    @Override
    public void createEndpoint(WebhookEndpoint endpoint) {
        store.writeSql(connection -> {
            try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO webhook_endpoints ("
                    + ENDPOINT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, endpoint.id());
                insert.setString(2, endpoint.url());
                insert.setString(3, joinTypes(endpoint.types()));
                setNullable(insert, 4, endpoint.solverId());
                setNullable(insert, 5, endpoint.description());
                insert.setString(6, endpoint.secret());
                insert.setLong(7, endpoint.createdAt());
                insert.setLong(8, endpoint.cursor());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<WebhookEndpoint> findEndpoint(String id) {
        return store.readSql(connection -> endpoints(connection, " WHERE id = ?", id)).stream().findFirst();
    }

    @Override
    public List<WebhookEndpoint> endpoints() {
        return store.readSql(connection -> endpoints(connection, " ORDER BY created_at, id"));
    }

    @Override
    public boolean deleteEndpoint(String id) {
        return store.writeSql(connection -> {
            update(connection, "DELETE FROM webhook_deliveries WHERE endpoint_id = ?", id);
            return update(connection, "DELETE FROM webhook_endpoints WHERE id = ?", id) > 0;
        });
    }

    /** The cursor's compare-and-set first: when it fails, nothing else is written and the transaction commits empty. */
    @Override
    public boolean enqueue(String endpointId, long expectedCursor, long newCursor, List<WebhookDelivery> deliveries) {
        return store.writeSql(connection -> {
            try (PreparedStatement move = Jdbc.prepare(connection,
                    "UPDATE webhook_endpoints SET feed_cursor = ? WHERE id = ? AND feed_cursor = ?")) {
                move.setLong(1, newCursor);
                move.setString(2, endpointId);
                move.setLong(3, expectedCursor);
                if (move.executeUpdate() == 0) {
                    return false;
                }
            }
            if (!deliveries.isEmpty()) {
                try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO webhook_deliveries ("
                        + DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    for (WebhookDelivery delivery : deliveries) {
                        bind(insert, delivery);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            return true;
        });
    }

    @Override
    public List<WebhookDelivery> dueDeliveries(long now, int limit) {
        return store.readSql(connection -> deliveries(connection, " WHERE " + UNDELIVERED
                + " AND next_attempt_at <= ? ORDER BY next_attempt_at, endpoint_id, event_sequence LIMIT ?", now, limit));
    }

    @Override
    public boolean replaceDelivery(long expectedVersion, WebhookDelivery updated) {
        return store.writeSql(connection -> {
            try (PreparedStatement replace = Jdbc.prepare(connection, "UPDATE webhook_deliveries SET status = ?,"
                    + " attempts = ?, last_attempt_at = ?, next_attempt_at = ?, last_response_status = ?,"
                    + " last_error = ?, version = ? WHERE endpoint_id = ? AND event_sequence = ? AND version = ?")) {
                replace.setString(1, updated.status().name());
                replace.setInt(2, updated.attempts());
                setNullable(replace, 3, updated.lastAttemptAt());
                replace.setLong(4, updated.nextAttemptAt());
                setNullable(replace, 5, updated.lastResponseStatus());
                setNullable(replace, 6, updated.lastError());
                replace.setLong(7, updated.version());
                replace.setString(8, updated.endpointId());
                replace.setLong(9, updated.eventSequence());
                replace.setLong(10, expectedVersion);
                return replace.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<WebhookDelivery> findDelivery(String endpointId, long eventSequence) {
        return store.readSql(connection -> deliveries(connection, " WHERE endpoint_id = ? AND event_sequence = ?",
                endpointId, eventSequence)).stream().findFirst();
    }

    @Override
    public List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, long afterSequence, int limit) {
        return store.readSql(connection -> status == null
                ? deliveries(connection, " WHERE endpoint_id = ? AND event_sequence > ? ORDER BY event_sequence LIMIT ?",
                endpointId, afterSequence, limit)
                : deliveries(connection, " WHERE endpoint_id = ? AND event_sequence > ? AND status = ?"
                + " ORDER BY event_sequence LIMIT ?", endpointId, afterSequence, status.name(), limit));
    }

    @Override
    public Map<DeliveryStatus, Long> countDeliveries(String endpointId) {
        return store.readSql(connection -> {
            Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
            try (PreparedStatement count = Jdbc.prepare(connection,
                    "SELECT status, count(*) FROM webhook_deliveries WHERE endpoint_id = ? GROUP BY status")) {
                count.setString(1, endpointId);
                try (ResultSet rows = count.executeQuery()) {
                    while (rows.next()) {
                        counts.put(DeliveryStatus.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<WebhookDelivery> firstUndelivered(String endpointId, String settlementId) {
        return store.readSql(connection -> settlementId == null
                ? deliveries(connection, " WHERE endpoint_id = ? AND " + UNDELIVERED
                + " ORDER BY event_sequence LIMIT 1", endpointId)
                : deliveries(connection, " WHERE endpoint_id = ? AND settlement_id = ? AND " + UNDELIVERED
                + " ORDER BY event_sequence LIMIT 1", endpointId, settlementId)).stream().findFirst();
    }

    // ---- rows ----------------------------------------------------------------------------------------------------

    private static List<WebhookEndpoint> endpoints(Connection connection, String where, Object... parameters)
            throws SQLException {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints"
                + where, parameters); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                endpoints.add(new WebhookEndpoint(rows.getString(1), rows.getString(2), splitTypes(rows.getString(3)),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getLong(7), rows.getLong(8)));
            }
        }
        return endpoints;
    }

    private static List<WebhookDelivery> deliveries(Connection connection, String where, Object... parameters)
            throws SQLException {
        List<WebhookDelivery> deliveries = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
                + where, parameters); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                deliveries.add(new WebhookDelivery(rows.getString(1), rows.getLong(2), rows.getString(3),
                        rows.getLong(4), DeliveryStatus.valueOf(rows.getString(5)), rows.getInt(6),
                        nullableLong(rows, 7), rows.getLong(8), nullableInt(rows, 9), rows.getString(10),
                        rows.getLong(11)));
            }
        }
        return deliveries;
    }

    private static void bind(PreparedStatement insert, WebhookDelivery d) throws SQLException {
        insert.setString(1, d.endpointId());
        insert.setLong(2, d.eventSequence());
        insert.setString(3, d.settlementId());
        insert.setLong(4, d.eventTime());
        insert.setString(5, d.status().name());
        insert.setInt(6, d.attempts());
        setNullable(insert, 7, d.lastAttemptAt());
        insert.setLong(8, d.nextAttemptAt());
        setNullable(insert, 9, d.lastResponseStatus());
        setNullable(insert, 10, d.lastError());
        insert.setLong(11, d.version());
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** A statement with its parameters bound: strings, longs and ints only. */
    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = Jdbc.prepare(connection, sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                if (parameter instanceof String s) {
                    statement.setString(i + 1, s);
                } else if (parameter instanceof Long l) {
                    statement.setLong(i + 1, l);
                } else if (parameter instanceof Integer n) {
                    statement.setInt(i + 1, n);
                } else {
                    throw new IllegalArgumentException("parameter type " + parameter.getClass());
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Sorted and comma-joined (event types hold no comma); empty for all types. */
    private static String joinTypes(Set<String> types) {
        return types.stream().sorted().collect(Collectors.joining(","));
    }

    private static Set<String> splitTypes(String joined) {
        return joined.isEmpty() ? Set.of() : Set.of(joined.split(","));
    }
}
