package dev.settlement.store.jpa;

import static dev.settlement.store.jpa.Jdbc.setNullable;

import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventFields;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of the change feed ({@code settlement_events} and its counter row), each method on the connection of the
 * caller's session and inside whatever transaction it runs. Plain SQL both backends speak; where they differ
 * (locking the counter row) the caller passes its backend's clause.
 *
 * <p>Writers insert their events unsequenced; {@link #sequence} numbers the committed ones. Why, and why that never
 * lets a reader miss an event, is in the PostgreSQL migration that made the tables (V4__change_feed_and_webhooks.sql).
 */
final class EventFeed {
    /** The columns of an event row as {@link #bind} sets them, for statements that insert one another way. */
    static final String COLUMNS = "(event_type, event_time, settlement_id, solver_id, payload)";
    private static final String INSERT = "INSERT INTO settlement_events " + COLUMNS + " VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_SEQUENCED = "INSERT INTO settlement_events"
            + " (sequence, event_type, event_time, settlement_id, solver_id, payload) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String ANY_UNSEQUENCED = "SELECT 1 FROM settlement_events WHERE sequence IS NULL LIMIT 1";
    /** Every unsequenced row visible now, numbered in insertion order from the counter's value (the parameter). */
    private static final String NUMBER_UNSEQUENCED = "UPDATE settlement_events SET sequence = ? + numbered.position"
            + " FROM (SELECT id, row_number() OVER (ORDER BY id) AS position FROM settlement_events"
            + " WHERE sequence IS NULL) numbered WHERE settlement_events.id = numbered.id";
    private static final String COUNTER = "SELECT last_sequence, pruned_through FROM settlement_event_counter WHERE id = 1";

    private EventFeed() {
    }

    /** The counter row as read (and, with the locking clause, locked until the transaction ends). */
    record Counter(long lastSequence, long prunedThrough) {
    }

    /** A page read, with the counter as read after it, to tell whether the page came too late. */
    record Read(EventPage page, long prunedThrough) {
    }

    /** Appends {@code event} unsequenced: one statement, in the caller's transaction. */
    static void append(Connection connection, ChangeEvent event) throws SQLException {
        try (PreparedStatement insert = Jdbc.prepare(connection, INSERT)) {
            bind(insert, 1, event);
            insert.executeUpdate();
        }
    }

    /** Sets the five values of {@link #COLUMNS} for {@code event}, from parameter {@code first} on. */
    static void bind(PreparedStatement statement, int first, ChangeEvent event) throws SQLException {
        statement.setString(first, event.type());
        statement.setLong(first + 1, event.time());
        statement.setString(first + 2, event.settlementId());
        setNullable(statement, first + 3, event.solverId());
        statement.setString(first + 4, EventFields.encode(event));
    }

    /**
     * Whether some committed event waits for its sequence, in auto-commit: one index probe (PostgreSQL's partial index
     * of unsequenced rows; on SQLite the NULLs of the sequence index, and never one found).
     */
    static boolean anyUnsequenced(Connection connection) throws SQLException {
        try (PreparedStatement query = Jdbc.prepare(connection, ANY_UNSEQUENCED);
             ResultSet row = query.executeQuery()) {
            return row.next();
        }
    }

    /**
     * The sequencer: locks the counter row, then (a statement later, so with a snapshot taken after every earlier
     * sequencer committed) numbers every unsequenced row above the counter and moves it. Two sequencers never overlap:
     * the second waits for the first's commit at the lock. Returns how many events it numbered.
     */
    static int sequence(Connection connection, String lockingClause) throws SQLException {
        long last = counter(connection, lockingClause).lastSequence();
        int numbered;
        try (PreparedStatement number = Jdbc.prepare(connection, NUMBER_UNSEQUENCED)) {
            number.setLong(1, last);
            numbered = number.executeUpdate();
        }
        if (numbered > 0) {
            moveCounter(connection, last + numbered);
        }
        return numbered;
    }

    static Counter counter(Connection connection, String lockingClause) throws SQLException {
        try (PreparedStatement query = Jdbc.prepare(connection, COUNTER + lockingClause);
             ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("settlement_event_counter has no row: the schema is incomplete");
            }
            return new Counter(row.getLong(1), row.getLong(2));
        }
    }

    /**
     * The sequenced events above {@code query.after()} that match it, then the counter: a prune that removed part of
     * what the page should have held committed before the page was read, so the counter read after it shows it.
     */
    static Read read(Connection connection, EventQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT sequence, payload FROM settlement_events WHERE sequence > ?");
        List<String> types = query.types().stream().sorted().toList();
        if (!types.isEmpty()) {
            sql.append(" AND event_type IN (").append(String.join(", ", Collections.nCopies(types.size(), "?")))
                    .append(")");
        }
        if (query.solverId() != null) {
            sql.append(" AND solver_id = ?");
        }
        sql.append(" ORDER BY sequence LIMIT ?");
        List<ChangeEvent> events = new ArrayList<>();
        try (PreparedStatement select = Jdbc.prepare(connection, sql.toString())) {
            int p = 1;
            select.setLong(p++, query.after());
            for (String type : types) {
                select.setString(p++, type);
            }
            if (query.solverId() != null) {
                select.setString(p++, query.solverId());
            }
            select.setInt(p, query.limit());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(EventFields.decode(rows.getLong(1), rows.getString(2)));
                }
            }
        }
        return new Read(EventPage.of(query, events), counter(connection, "").prunedThrough());
    }

    /**
     * One batch of retention, under the counter lock: of the {@code batch} oldest events (in sequence order, as the feed
     * is read), removes those before the first one at or after {@code before}, and records the highest sequence
     * removed. Returns how many it removed; fewer than {@code batch} means nothing older is left.
     */
    static int pruneBatch(Connection connection, String lockingClause, long before, int batch) throws SQLException {
        Counter counter = counter(connection, lockingClause);
        Long through = null;
        try (PreparedStatement oldest = Jdbc.prepare(connection, "SELECT sequence, event_time FROM settlement_events"
                + " WHERE sequence IS NOT NULL ORDER BY sequence LIMIT ?")) {
            oldest.setInt(1, batch);
            try (ResultSet rows = oldest.executeQuery()) {
                while (rows.next() && rows.getLong(2) < before) {
                    through = rows.getLong(1);
                }
            }
        }
        if (through == null) {
            return 0;
        }
        int removed;
        try (PreparedStatement delete = Jdbc.prepare(connection, "DELETE FROM settlement_events WHERE sequence <= ?")) {
            delete.setLong(1, through);
            removed = delete.executeUpdate();
        }
        if (through > counter.prunedThrough()) {
            try (PreparedStatement update = Jdbc.prepare(connection,
                    "UPDATE settlement_event_counter SET pruned_through = ? WHERE id = 1")) {
                update.setLong(1, through);
                update.executeUpdate();
            }
        }
        return removed;
    }

    /**
     * Inserts events with their sequences (one already there is left alone) under the counter lock, so no sequencer
     * numbers a row meanwhile, and moves the counter to at least the highest of them.
     */
    static void importEvents(Connection connection, String lockingClause, List<ChangeEvent> events)
            throws SQLException {
        long last = counter(connection, lockingClause).lastSequence();
        long highest = last;
        try (PreparedStatement insert = Jdbc.prepare(connection, INSERT_SEQUENCED)) {
            for (ChangeEvent event : events) {
                insert.setLong(1, event.sequence());
                insert.setString(2, event.type());
                insert.setLong(3, event.time());
                insert.setString(4, event.settlementId());
                setNullable(insert, 5, event.solverId());
                insert.setString(6, EventFields.encode(event));
                insert.addBatch();
                highest = Math.max(highest, event.sequence());
            }
            insert.executeBatch();
        }
        if (highest > last) {
            moveCounter(connection, highest);
        }
    }

    /** The counter's last sequence as committed now (after running the sequencer, the head of the feed). */
    static long lastSequence(Connection connection) throws SQLException {
        return counter(connection, "").lastSequence();
    }

    private static void moveCounter(Connection connection, long lastSequence) throws SQLException {
        try (PreparedStatement update = Jdbc.prepare(connection,
                "UPDATE settlement_event_counter SET last_sequence = ? WHERE id = 1")) {
            update.setLong(1, lastSequence);
            update.executeUpdate();
        }
    }
}
