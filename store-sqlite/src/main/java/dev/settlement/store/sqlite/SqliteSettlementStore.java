package dev.settlement.store.sqlite;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.StoreHealth;
import dev.settlement.store.jpa.JpaSettlementStore;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.sqlite.SQLiteException;

/**
 * The {@code sqlite} backend: one SQLite file (WAL) through the {@code sqlite} datasource and persistence unit,
 * configured by this jar's {@code META-INF/microprofile-config.properties}; the schema comes from Flyway at start-up.
 *
 * <p>SQLite admits one writer at a time. Inside the JVM, writers queue on one lock, so they never meet in the
 * database; across processes, every transaction begins IMMEDIATE (it takes the write lock first, so it cannot fail
 * half-way on an upgrade) and waits for another process's writer for up to the connection's busy timeout.
 *
 * <p>Readable does not mean writable: SQLite opens a file it may not write (permissions, an immutable file, a read-only
 * mount) read-only, and every write fails. {@link #health()} therefore also tries a write (rolled back), so such a
 * file fails the start and readiness with the reason instead of answering every write with 503.
 *
 * <p>A file the store creates is readable and writable by the service's user only (0600); SQLite gives its WAL and
 * shared-memory files the same mode. An existing file keeps its mode.
 *
 * <p>{@link Unremovable}: the service picks its store at run time by identifier, which build-time bean removal
 * cannot see.
 */
@ApplicationScoped
@Identifier(SqliteBackend.NAME)
@Unremovable
public class SqliteSettlementStore extends JpaSettlementStore {
    /** The datasource and persistence unit of this backend. */
    public static final String UNIT = "sqlite";
    /** How long a writer waits for the writers ahead of it in this JVM, like busy_timeout does across processes. */
    private static final long WRITER_WAIT_SECONDS = 30;
    /** How long the write probe waits for another process's writer: readiness must answer quickly. */
    private static final int PROBE_BUSY_TIMEOUT_MILLIS = 200;
    private static final int SQLITE_BUSY = 5;

    private final ReentrantLock writer = new ReentrantLock(true);
    /** Why the last write probe failed; empty while the file takes writes. */
    private volatile Optional<String> writeRefusal = Optional.empty();
    private volatile boolean fileCreated;

    @Inject
    SqliteConfig config;

    public SqliteSettlementStore() {
        this(UNIT);
    }

    /** A store on another persistence unit mapping the same file, with its own pool and writer lock. */
    protected SqliteSettlementStore(String persistenceUnit) {
        super(SqliteBackend.NAME, persistenceUnit);
    }

    /** Nothing to take: the IMMEDIATE transaction already holds the database's write lock until it ends. */
    /**
     * SQLite names no index in a unique violation, only its columns ("UNIQUE constraint failed: settlements.intent_id"),
     * and tells the primary key apart by its extended result code.
     */
    @Override
    protected Optional<UniqueKey> violatedKey(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return Optional.empty();
        }
        return switch (sqlite.getResultCode()) {
            case SQLITE_CONSTRAINT_PRIMARYKEY -> e.getMessage().contains(" settlements.id")
                    ? Optional.of(UniqueKey.SETTLEMENT_ID) : Optional.empty();
            case SQLITE_CONSTRAINT_UNIQUE -> e.getMessage().contains(" settlements.intent_id")
                    ? Optional.of(UniqueKey.ACTIVE_INTENT) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Nothing to add: the IMMEDIATE transaction holds the database's write lock from its start. */
    @Override
    protected String rowLockClause() {
        return "";
    }

    @Override
    protected void lockForCreate(StatelessSession session, Settlement settlement) {
    }

    @Override
    protected <T> T serializeWrite(Supplier<T> transaction) {
        try {
            if (!writer.tryLock(WRITER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw SettlementException.unavailable(backend(), new IllegalStateException(
                        "no write slot within " + WRITER_WAIT_SECONDS + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SettlementException.unavailable(backend(), e);
        }
        try {
            return transaction.get();
        } finally {
            writer.unlock();
        }
    }

    /**
     * Hibernate's SQLite dialect cannot write ON CONFLICT DO NOTHING into a multi-row insert; for one row it writes a
     * plain INSERT. Both are fine here: an import sees which ids are present inside its own transaction, which holds
     * SQLite's only write lock from its start (IMMEDIATE), so nobody can insert them meanwhile. One row per statement
     * costs little: the statements go to a file in this process, not over a network.
     */
    @Override
    protected int rowsPerInsert() {
        return 1;
    }

    /** Reachable (the base class's check) and writable (the write probe). */
    @Override
    public StoreHealth health() {
        StoreHealth reachable = super.health();
        if (!reachable.up()) {
            return reachable;
        }
        return probeWrite().map(reason -> StoreHealth.down(backend() + " file " + healthDetails().get("path")
                + " cannot be written: " + reason)).orElse(reachable);
    }

    /** Creates the file (0600) before SQLite opens it for the first time: see the class comment. */
    @Override
    protected SessionFactory sessionFactory() {
        if (!fileCreated && config != null) {
            createOwnerOnly(Path.of(config.path()));
            fileCreated = true;
        }
        return super.sessionFactory();
    }

    private static void createOwnerOnly(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
            // an existing file keeps its mode; a file system without POSIX modes leaves it to SQLite
        } catch (IOException e) {
            // a missing or read-only directory: SQLite's own open fails on it and says so
        }
    }

    /**
     * Writes to find out whether this process can write the file: an IMMEDIATE transaction creates a table and rolls
     * back, so nothing reaches the file. Permission bits cannot tell (root writes any of them). While a writer of this
     * process holds the write lock, or another process's does for longer than a moment, the last answer stands.
     * Returns why the write was refused, or empty.
     */
    private Optional<String> probeWrite() {
        if (!writer.tryLock()) {
            return writeRefusal;
        }
        try {
            Probe probe = read(session -> session.doReturningWork(SqliteSettlementStore::tryWrite));
            if (probe.answered()) {
                writeRefusal = Optional.ofNullable(probe.refusal());
            }
        } catch (SettlementException e) {
            // the file could be read a moment ago: what failed now is the probe's connection, not the write
        } finally {
            writer.unlock();
        }
        return writeRefusal;
    }

    private static Probe tryWrite(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int busyTimeout;
            try (ResultSet current = statement.executeQuery("PRAGMA busy_timeout")) {
                busyTimeout = current.next() ? current.getInt(1) : 0;
            }
            statement.execute("PRAGMA busy_timeout = " + PROBE_BUSY_TIMEOUT_MILLIS);
            try {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    statement.execute("CREATE TABLE settlement_write_probe (x)");
                } finally {
                    rollback(statement);
                }
                return new Probe(true, null);
            } catch (SQLException refused) {
                boolean busy = (refused.getErrorCode() & 0xFF) == SQLITE_BUSY;
                return new Probe(!busy, busy ? null : refused.getMessage());
            } finally {
                statement.execute("PRAGMA busy_timeout = " + busyTimeout);
            }
        }
    }

    /** Ends the probe's transaction; after some errors SQLite has ended it already, which is as good. */
    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException noTransactionLeft) {
            // nothing to roll back
        }
    }

    /**
     * What one write attempt found: {@code answered} is false when another process held the write lock throughout;
     * otherwise {@code refusal} is SQLite's reason, or null when the write went through.
     */
    private record Probe(boolean answered, String refusal) {
    }

    @Override
    protected Map<String, Object> healthDetails() {
        String file = config == null ? "" : Path.of(config.path()).toAbsolutePath().normalize().toString();
        return Map.of("backend", backend(), "path", file);
    }
}
