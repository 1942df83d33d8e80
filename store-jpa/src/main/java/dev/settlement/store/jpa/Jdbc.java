package dev.settlement.store.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Statements, and nullable values in and out of them, for the store's plain SQL. */
final class Jdbc {
    private Jdbc() {
    }

    /**
     * Prepares {@code sql} on the connection of a session: the store's plain SQL, which Hibernate does not see, so
     * {@link SqlCapture} is told here.
     */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        SqlCapture.sent(sql);
        return connection.prepareStatement(sql);
    }

    static void setNullable(PreparedStatement statement, int position, String value) throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.VARCHAR);
        } else {
            statement.setString(position, value);
        }
    }

    static void setNullable(PreparedStatement statement, int position, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.BIGINT);
        } else {
            statement.setLong(position, value);
        }
    }

    static void setNullable(PreparedStatement statement, int position, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.INTEGER);
        } else {
            statement.setInt(position, value);
        }
    }

    static Long nullableLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }
}
