package dev.settlement.store.postgres;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.store.jpa.JpaSettlementStore;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.settlement.api.migration.RelocatableStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hibernate.StatelessSession;
import org.postgresql.util.PSQLException;

/**
 * The {@code postgres} backend: PostgreSQL through the {@code postgres} datasource and persistence unit, configured by
 * this jar's {@code META-INF/microprofile-config.properties}; the schema comes from Flyway at start-up. Any number of
 * service instances may share one database.
 *
 * <p>Creates that could break a rule together take transaction-scoped advisory locks on their intent, then their
 * solver (always in that order, so two creates never wait on each other in a cycle). Unlike a per-solver counter row
 * they need no extra table and leave status updates alone; unlike SERIALIZABLE they never fail a transaction that
 * would have to be retried; the database releases them at commit, at rollback, or when a dead instance's session ends.
 * The checks after the locks see the previous holder's commit because the datasource runs READ COMMITTED (a snapshot
 * per statement). Two creates of one id that share neither intent nor solver meet at the primary key instead.
 *
 * <p>{@link Unremovable}: the service picks its store at run time by identifier, which build-time bean removal
 * cannot see.
 */
@ApplicationScoped
@Identifier(PostgresBackend.NAME)
@Unremovable
public class PostgresSettlementStore extends JpaSettlementStore implements RelocatableStore {
    /** The datasource and persistence unit of this backend. */
    public static final String UNIT = "postgres";
    /**
     * First keys of the two-key advisory locks, one per kind of rule; the second key is the {@link String#hashCode}
     * of the intent or solver id, the same in every JVM. A hash collision only makes two creates wait for each other.
     */
    static final int INTENT_LOCKS = 0x5E771E01;
    static final int SOLVER_LOCKS = 0x5E771E02;
    /** unique_violation, and the two keys of the settlements table it can name (V1__settlements.sql). */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Map<String, UniqueKey> UNIQUE_KEYS = Map.of(
            "settlements_pkey", UniqueKey.SETTLEMENT_ID,
            "ux_settlements_active_intent", UniqueKey.ACTIVE_INTENT);
    /** serialization_failure and deadlock_detected: the transaction was rolled back whole and may simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    private static final int ATTEMPTS = 3;

    /**
     * The datasources and persistence units of the migrate command's own PostgreSQL locations, used when its source
     * ({@code settlement.migrate.source.postgres.*}) or target ({@code settlement.migrate.target.postgres.*}) is another
     * database than {@code settlement.postgres.*}; declared in this jar's microprofile-config.properties, inactive
     * unless the command switches them on.
     */
    public static final String MIGRATE_SOURCE_UNIT = "migrate-source";
    public static final String MIGRATE_TARGET_UNIT = "migrate-target";

    private final String url;
    private volatile String location;

    @Inject
    public PostgresSettlementStore(PostgresConfig config) {
        this(UNIT, config.url());
    }

    /** For the CDI client proxy only, which delegates every call to the instance built above. */
    protected PostgresSettlementStore() {
        this(UNIT, "");
    }

    /**
     * A store on another persistence unit, e.g. a second one on the same database with its own pool, as another
     * service instance would have. {@code url} is only shown by {@link #health()}.
     */
    protected PostgresSettlementStore(String persistenceUnit, String url) {
        super(PostgresBackend.NAME, persistenceUnit);
        this.url = url;
    }

    /**
     * {@link #countByStatus()} leaving out the settlements with the given ids, in one statement, so at one instant.
     * For the archive of another store: the ids are the ones the other store still counts itself. They travel as one
     * array parameter, so their number meets no bind-parameter limit (a long outage may leave tens of thousands).
     */
    public Map<SettlementStatus, Long> countByStatusExcept(Collection<String> ids) {
        return read(session -> session.doReturningWork(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT status, count(*) FROM settlements"
                    + " WHERE NOT (id = ANY (?)) GROUP BY status")) {
                count.setArray(1, connection.createArrayOf("text", ids.toArray()));
                Map<SettlementStatus, Long> counts = new EnumMap<>(SettlementStatus.class);
                try (ResultSet rows = count.executeQuery()) {
                    while (rows.next()) {
                        counts.put(SettlementStatus.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
                return counts;
            }
        }));
    }

    @Override
    protected Optional<UniqueKey> violatedKey(SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || !(e instanceof PSQLException server)
                || server.getServerErrorMessage() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(UNIQUE_KEYS.get(server.getServerErrorMessage().getConstraint()));
    }

    private PostgresSettlementStore(String persistenceUnit, String url, boolean migratesSchema) {
        super(PostgresBackend.NAME, persistenceUnit, migratesSchema);
        this.url = url;
    }

    /**
     * A store on another database, through its own datasource and persistence unit ({@link #MIGRATE_SOURCE_UNIT} or
     * {@link #MIGRATE_TARGET_UNIT}), whose schema it creates or migrates on first use like the backend's own store.
     */
    public static PostgresSettlementStore onUnit(String persistenceUnit, String url) {
        return new PostgresSettlementStore(persistenceUnit, url, true);
    }

    /**
     * The server's system identifier (the same for every way of reaching one cluster, different for every other) and
     * the database, e.g. {@code postgresql 7713856318076471401/settlements}; where the role may not read it, the
     * server's address and port as the server sees them. Asked once.
     */
    @Override
    public String location() {
        String where = location;
        if (where == null) {
            where = read(session -> session.doReturningWork(connection -> {
                String server;
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
                    row.next();
                    server = row.getString(1);
                } catch (SQLException e) {
                    try (Statement statement = connection.createStatement();
                         ResultSet row = statement.executeQuery(
                                 "SELECT coalesce(host(inet_server_addr()), 'socket') || ':' || inet_server_port()")) {
                        row.next();
                        server = row.getString(1);
                    }
                }
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("SELECT current_database()")) {
                    row.next();
                    return "postgresql " + server + "/" + row.getString(1);
                }
            }));
            location = where;
        }
        return where;
    }

    /**
     * A row lock, waited for: the holder is another instance's sequencer, importer or pruner, whose transaction is a few
     * statements long (and lock_timeout bounds the wait).
     */
    @Override
    protected String rowLockClause() {
        return " FOR UPDATE";
    }

    /** Data-modifying WITH clauses: an update's transition and event go in one statement. */
    @Override
    protected boolean insertsInWithClause() {
        return true;
    }

    @Override
    protected void lockForCreate(StatelessSession session, Settlement settlement) {
        session.doWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                take(lock, INTENT_LOCKS, settlement.intentId());
                if (settlement.solverId() != null) {
                    take(lock, SOLVER_LOCKS, settlement.solverId());
                }
            }
        });
    }

    /**
     * Store transactions never deadlock among themselves (one row per update, locks in a fixed order on create), and
     * READ COMMITTED raises no serialization failures; a foreign transaction can still make this one a deadlock
     * victim, and then it runs again rather than failing the call.
     */
    @Override
    protected <T> T serializeWrite(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    protected Map<String, Object> healthDetails() {
        return Map.of("backend", backend(), "url", withoutPassword(url));
    }

    private static void take(PreparedStatement lock, int kind, String id) throws SQLException {
        lock.setInt(1, kind);
        lock.setInt(2, id.hashCode());
        lock.execute();
    }

    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Set.of(..).contains(null) throws, and a driver may leave the SQLState out
            if (t instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The JDBC URL without its password parameters (password, sslpassword …), fit for logs and health. */
    static String withoutPassword(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = Arrays.stream(url.substring(query + 1).split("&"))
                .filter(p -> !p.split("=", 2)[0].toLowerCase(Locale.ROOT).contains("password"))
                .collect(Collectors.joining("&"));
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }
}
