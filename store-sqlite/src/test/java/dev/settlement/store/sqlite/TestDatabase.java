package dev.settlement.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The test database behind the {@code sqlite} datasource. */
final class TestDatabase {
    private TestDatabase() {
    }

    /** Deletes every settlement and transition; the schema stays. */
    static void empty(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM settlement_transitions");
            statement.executeUpdate("DELETE FROM settlements");
            statement.executeUpdate("DELETE FROM settlement_migrations");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database", e);
        }
    }
}
