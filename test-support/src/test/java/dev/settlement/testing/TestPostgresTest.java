package dev.settlement.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void freshDatabaseAnswersSelectOne() throws Exception {
        JdbcTarget target = TestPostgres.freshDatabase("TestPostgresTest");
        try (Connection connection = TestPostgres.connect(target);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1, current_database()")) {
            assertTrue(result.next());
            assertEquals(1, result.getInt(1));
            assertTrue(result.getString(2).startsWith("testpostgrestest_"),
                    result.getString(2));
        }
    }

    @Test
    void everyCallGivesAnotherDatabase() {
        assertNotEquals(TestPostgres.freshDatabase("same").url(), TestPostgres.freshDatabase("same").url());
    }

    @Test
    void quarkusResourceReturnsTheSettlementKeys() {
        Map<String, String> config = new PostgresTestResource().start();
        assertTrue(config.get("settlement.postgres.url").startsWith("jdbc:postgresql://"));
        assertTrue(config.containsKey("settlement.postgres.username"));
        assertTrue(config.containsKey("settlement.postgres.password"));
    }

    @Test
    void aDedicatedClusterStopsAndComesBackWithItsData() throws Exception {
        try (PostgresServerProcess cluster = TestPostgres.startDedicated()) {
            try (Connection connection = TestPostgres.connect(cluster.admin());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (n int)");
                statement.execute("INSERT INTO kept VALUES (7)");
            }
            cluster.stop();
            SQLException refused = assertThrows(SQLException.class, () -> TestPostgres.connect(cluster.admin()));
            assertEquals("08001", refused.getSQLState());
            cluster.restart();
            try (Connection connection = TestPostgres.connect(cluster.admin());
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT n FROM kept")) {
                assertTrue(result.next());
                assertEquals(7, result.getInt(1));
            }
        }
    }

    @Test
    void namesAndUrls() {
        assertTrue(TestPostgres.databaseName("My Test-Class").matches("my_test_class_[0-9a-f]{8}"));
        assertTrue(TestPostgres.databaseName("42").matches("t_42_[0-9a-f]{8}"));
        assertEquals("jdbc:postgresql://h:1/x?ssl=false",
                TestPostgres.withDatabase("jdbc:postgresql://h:1/postgres?ssl=false", "x"));
        assertEquals("jdbc:postgresql://h/x", TestPostgres.withDatabase("jdbc:postgresql://h", "x"));
        assertEquals("jdbc:postgresql:x", TestPostgres.withDatabase("jdbc:postgresql:postgres", "x"));
    }
}
