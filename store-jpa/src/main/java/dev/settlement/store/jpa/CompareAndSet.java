package dev.settlement.store.jpa;

import static dev.settlement.store.jpa.Jdbc.setNullable;

import dev.settlement.api.Settlement;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The write of every status change in plain SQL: a fixed statement the driver prepares once per connection, where an
 * HQL update was translated anew on each call (a third of a write's CPU in a profile, bench/analysis.md). It sets what
 * a transition changes ({@code StatusChange.applyTo}: status, the event's ids, times, reason, version), as the Redis
 * store does; who, what and for whom never change.
 */
final class CompareAndSet {
    private static final String UPDATE = "UPDATE settlements SET status = ?, escrow_id = ?, solver_bond_id = ?,"
            + " ibc_packet_sequence = ?, updated_at = ?, completed_at = ?, error_message = ?, version = ?"
            + " WHERE id = ? AND version = ?";
    private static final int UPDATE_PARAMETERS = 10;
    private static final String TRANSITION_COLUMNS = "(settlement_id, sequence, from_status, to_status, timestamp,"
            + " details, tx_hash, actor)";
    /**
     * The update, its transition and its event in one statement (PostgreSQL's data-modifying WITH): the inserts read
     * the updated row, so they happen exactly when the update does, and the count says whether it did.
     */
    private static final String UPDATE_RECORDING = "WITH changed AS (" + UPDATE + " RETURNING id),"
            + " transition AS (INSERT INTO settlement_transitions " + TRANSITION_COLUMNS
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM changed)"
            + " INSERT INTO settlement_events " + EventFeed.COLUMNS + " SELECT ?, ?, ?, ?, ? FROM changed";

    private CompareAndSet() {
    }

    /** Replaces the row at {@code expectedVersion} with {@code updated}; false when no row is at that version. */
    static boolean update(Connection connection, long expectedVersion, Settlement updated) throws SQLException {
        try (PreparedStatement update = Jdbc.prepare(connection, UPDATE)) {
            bindUpdate(update, expectedVersion, updated);
            return update.executeUpdate() == 1;
        }
    }

    /** {@link #update} that also inserts the transition and its event, in one round trip; false as there. */
    static boolean updateRecording(Connection connection, long expectedVersion, Settlement updated,
                                   StateTransition transition, ChangeEvent event) throws SQLException {
        try (PreparedStatement update = Jdbc.prepare(connection, UPDATE_RECORDING)) {
            bindUpdate(update, expectedVersion, updated);
            int next = UPDATE_PARAMETERS + 1;
            update.setString(next, updated.id());
            update.setInt(next + 1, transition.sequence());
            update.setString(next + 2, transition.fromStatus().name());
            update.setString(next + 3, transition.toStatus().name());
            update.setLong(next + 4, transition.timestamp());
            setNullable(update, next + 5, transition.details());
            setNullable(update, next + 6, transition.txHash());
            update.setString(next + 7, transition.actor());
            EventFeed.bind(update, next + 8, event);
            return update.executeUpdate() == 1;
        }
    }

    private static void bindUpdate(PreparedStatement update, long expectedVersion, Settlement s) throws SQLException {
        update.setString(1, s.status().name());
        setNullable(update, 2, s.escrowId());
        setNullable(update, 3, s.solverBondId());
        setNullable(update, 4, s.ibcPacketSequence());
        update.setLong(5, s.updatedAt());
        setNullable(update, 6, s.completedAt());
        setNullable(update, 7, s.errorMessage());
        update.setLong(8, s.version());
        update.setString(9, s.id());
        update.setLong(10, expectedVersion);
    }
}
