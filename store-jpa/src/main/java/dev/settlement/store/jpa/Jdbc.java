package dev.settlement.store.jpa;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Nullable values in and out of JDBC, for the store's plain SQL. */
final class Jdbc {
    private Jdbc() {
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
