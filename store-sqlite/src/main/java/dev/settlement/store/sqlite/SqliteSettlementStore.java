package dev.settlement.store.sqlite;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.store.jpa.JpaSettlementStore;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import jakarta.inject.Inject;
import org.hibernate.StatelessSession;

/**
 * The {@code sqlite} backend: one SQLite file (WAL) through the {@code sqlite} datasource and persistence unit,
 * configured by this jar's {@code META-INF/microprofile-config.properties}; the schema comes from Flyway at start-up.
 *
 * <p>SQLite admits one writer at a time. Inside the JVM, writers queue on one lock, so they never meet in the
 * database; across processes, every transaction begins IMMEDIATE (it takes the write lock first, so it cannot fail
 * half-way on an upgrade) and waits for another process's writer for up to the connection's busy timeout.
 *
 * <p>{@link Unremovable}: the service picks its store at run time by identifier, which build-time bean removal
 * cannot see.
 */
@ApplicationScoped
@Identifier("sqlite")
@Unremovable
public class SqliteSettlementStore extends JpaSettlementStore {
    /** The datasource and persistence unit of this backend. */
    public static final String UNIT = "sqlite";
    /** How long a writer waits for the writers ahead of it in this JVM, like busy_timeout does across processes. */
    private static final long WRITER_WAIT_SECONDS = 30;

    private final ReentrantLock writer = new ReentrantLock(true);

    @Inject
    SqliteConfig config;

    public SqliteSettlementStore() {
        this(UNIT);
    }

    /** A store on another persistence unit mapping the same file, with its own pool and writer lock. */
    protected SqliteSettlementStore(String persistenceUnit) {
        super("sqlite", persistenceUnit);
    }

    /** Nothing to take: the IMMEDIATE transaction already holds the database's write lock until it ends. */
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

    @Override
    protected Map<String, Object> healthDetails() {
        String file = config == null ? "" : Path.of(config.path()).toAbsolutePath().normalize().toString();
        return Map.of("backend", backend(), "path", file);
    }
}
