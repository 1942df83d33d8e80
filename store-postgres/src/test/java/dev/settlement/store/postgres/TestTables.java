package dev.settlement.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The test database behind the {@code postgres} datasource. */
final class TestTables {
    private TestTables() {
    }

    /** Removes every settlement and transition; the schema stays. */
    static void truncate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE settlement_transitions, settlements, settlement_migrations");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database", e);
        }
    }
}
