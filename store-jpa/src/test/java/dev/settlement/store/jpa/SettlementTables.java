package dev.settlement.store.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The SQL backends' tables as tests reach them beside the store: the one test helper that knows their layout. */
public final class SettlementTables {
    private SettlementTables() {
    }

    /**
     * Deletes every settlement, transition, migration checkpoint, event, webhook endpoint and delivery, and starts the
     * feed's counter again (nothing pruned); the schema stays.
     */
    public static void empty(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM webhook_deliveries");
            statement.executeUpdate("DELETE FROM webhook_endpoints");
            statement.executeUpdate("DELETE FROM settlement_events");
            statement.executeUpdate("UPDATE settlement_event_counter SET last_sequence = 0, pruned_through = 0");
            statement.executeUpdate("DELETE FROM settlement_transitions");
            statement.executeUpdate("DELETE FROM settlements");
            statement.executeUpdate("DELETE FROM settlement_migrations");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database", e);
        }
    }

    /** A settlement row written by hand (one unit of one asset each way), past every check of the store. */
    public static void insertRow(Connection connection, String id, String intentId, String status)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO settlements (id, intent_id, user_address, input_chain_id, input_denom, input_amount,"
                        + " output_chain_id, output_denom, output_amount, status, created_at, updated_at, expires_at,"
                        + " version) VALUES (?, ?, 'u', 'c', 'd', '1', 'c', 'd', '1', ?, 1, 1, 2, 1)")) {
            insert.setString(1, id);
            insert.setString(2, intentId);
            insert.setString(3, status);
            insert.executeUpdate();
        }
    }

    /** {@link #insertRow(Connection, String, String, String)} on a connection of its own. */
    public static void insertRow(DataSource dataSource, String id, String intentId, String status)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            insertRow(connection, id, intentId, status);
        }
    }

    /**
     * Appends a transition the way the service wrote them before the {@code actor} column existed (no actor), so a
     * test can show such rows read as {@code StateTransition.UNKNOWN}.
     */
    public static void insertTransitionWithoutActor(DataSource dataSource, String settlementId, int sequence)
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO settlement_transitions (settlement_id, sequence, from_status, to_status, timestamp)"
                        + " VALUES (?, ?, 'PENDING', 'FAILED', 1)")) {
            insert.setString(1, settlementId);
            insert.setInt(2, sequence);
            insert.executeUpdate();
        }
    }
}
