package dev.settlement.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Fresh PostgreSQL databases for tests.
 * <p>
 * Uses the server at {@code SETTLEMENT_TEST_POSTGRES_URL} (default {@value #DEFAULT_URL}) as
 * {@code SETTLEMENT_TEST_POSTGRES_USER} (default {@code postgres}) with {@code SETTLEMENT_TEST_POSTGRES_PASSWORD}
 * (default empty); system properties {@code settlement.test.postgres.url} etc. take precedence. If no server answers
 * there, starts a temporary cluster from the system's PostgreSQL packages once per JVM (stopped at JVM exit). If
 * neither works, fails with a message saying what to install. Databases created on a reached server are dropped at
 * JVM exit unless {@code SETTLEMENT_TEST_POSTGRES_KEEP=true}.
 */
public final class TestPostgres {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String URL_SETTING = "SETTLEMENT_TEST_POSTGRES_URL";
    private static final String POSTGRES_USER = PostgresServerProcess.USER;

    private static final JdbcTarget CONFIGURED = new JdbcTarget(Host.setting(URL_SETTING, DEFAULT_URL),
            Host.setting("SETTLEMENT_TEST_POSTGRES_USER", POSTGRES_USER),
            Host.setting("SETTLEMENT_TEST_POSTGRES_PASSWORD", ""));
    private static final SharedServer<JdbcTarget> SERVER = new SharedServer<>("Test PostgreSQL", CONFIGURED.url(),
            URL_SETTING, "the Debian package postgresql (apt-get install postgresql)",
            TestPostgres::reach, TestPostgres::startCluster);
    private static final Queue<String> CREATED = new ConcurrentLinkedQueue<>();

    private TestPostgres() {
    }

    /**
     * Starts a PostgreSQL cluster of the caller's own (not the shared one) on a free loopback port, from the system's
     * packages; the caller may stop and restart it, e.g. to take the database away from a running service. Use its
     * {@link PostgresServerProcess#admin() admin} database. It is stopped and deleted at JVM exit.
     */
    public static PostgresServerProcess startDedicated() throws IOException {
        return PostgresServerProcess.start();
    }

    /**
     * Creates a new, empty database named after {@code hint} (sanitized) plus a random suffix.
     *
     * @throws IllegalStateException if no PostgreSQL server can be reached or started, or the database cannot be made
     */
    public static JdbcTarget freshDatabase(String hint) {
        JdbcTarget admin = SERVER.get();
        String name = databaseName(hint);
        try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Test PostgreSQL: cannot create database " + name + " at " + admin.url()
                    + ": " + e.getMessage(), e);
        }
        CREATED.add(name);
        return new JdbcTarget(withDatabase(admin.url(), name), admin.username(), admin.password());
    }

    /** Opens a connection to {@code target} (2 s connect timeout, 10 s login timeout). */
    public static Connection connect(JdbcTarget target) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.username());
        properties.setProperty("password", target.password());
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "10");
        return DriverManager.getConnection(target.url(), properties);
    }

    /** "My Test-Class" becomes "my_test_class_" plus 8 random hex digits; always a valid, unquoted-safe name. */
    static String databaseName(String hint) {
        String clean = (hint == null ? "" : hint).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t_" + clean;
        }
        clean = clean.substring(0, Math.min(clean.length(), 40)).replaceAll("_+$", "");
        return clean + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The same JDBC URL pointing at database {@code name}; keeps host, port and parameters. */
    static String withDatabase(String url, String name) {
        String prefix = "jdbc:postgresql:";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        int query = url.indexOf('?');
        String rest = url.substring(prefix.length(), query < 0 ? url.length() : query);
        String parameters = query < 0 ? "" : url.substring(query);
        if (!rest.startsWith("//")) {
            return prefix + name + parameters;
        }
        int slash = rest.indexOf('/', 2);
        return prefix + (slash < 0 ? rest : rest.substring(0, slash)) + "/" + name + parameters;
    }

    private static Optional<JdbcTarget> reach() throws SQLException {
        try (Connection ignored = connect(CONFIGURED)) {
            if (!"true".equalsIgnoreCase(Host.setting("SETTLEMENT_TEST_POSTGRES_KEEP", "false"))) {
                Host.onShutdown("drop test databases", TestPostgres::dropCreatedDatabases);
            }
            return Optional.of(CONFIGURED);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState())) { // connection refused or timed out: nobody there
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void dropCreatedDatabases() {
        try (Connection connection = connect(CONFIGURED); Statement statement = connection.createStatement()) {
            for (String name : CREATED) {
                try {
                    statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
                } catch (SQLException e) {
                    SharedServer.LOG.warning("Test PostgreSQL: could not drop " + name + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static SharedServer.Started<JdbcTarget> startCluster() throws IOException {
        PostgresServerProcess cluster = PostgresServerProcess.start();
        return new SharedServer.Started<>(cluster.admin(), "a temporary cluster on 127.0.0.1:" + cluster.port()
                + " from " + cluster.bin());
    }
}
