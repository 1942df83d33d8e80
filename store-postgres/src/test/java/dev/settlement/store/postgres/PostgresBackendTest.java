package dev.settlement.store.postgres;

import static dev.settlement.api.StoreTestSupport.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.Uint128;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventFields;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.store.jpa.JpaSettlementStore;
import dev.settlement.store.jpa.SettlementTables;
import dev.settlement.store.jpa.SqlBackendContract;
import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: PostgreSQL's types, constraints, locks, timeouts, health and outages. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = "hint", value = "store_postgres_backend"))
class PostgresBackendTest extends SqlBackendContract {

    @Inject
    @Identifier("postgres")
    SettlementStore store;

    @Inject
    @DataSource(PostgresSettlementStore.UNIT)
    AgroalDataSource dataSource;

    @Override
    protected SettlementStore store() {
        return store;
    }

    @Override
    protected javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected JpaSettlementStore classifier() {
        return new PostgresSettlementStore();
    }

    @ConfigProperty(name = "settlement.postgres.url")
    String url;

    @ConfigProperty(name = "settlement.postgres.username")
    String username;

    @ConfigProperty(name = "settlement.postgres.password")
    Optional<String> password;

    @Test
    void amountsAreExactNumericsUpToUint128MaxAndNoFurther() throws SQLException {
        store.create(Settlement.newPending("big", "intent-big", null, "cosmos1user",
                new Asset("cosmoshub-4", "uatom", Uint128.MAX), ONE, T0, T0 + 60), 10);

        assertThat(store.find("big").orElseThrow().inputAsset().amount()).isEqualTo(Uint128.MAX);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery(
                    "SELECT pg_typeof(input_amount)::text, input_amount::text FROM settlements WHERE id = 'big'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("numeric");
                assertThat(row.getString(2)).isEqualTo("340282366920938463463374607431768211455");
            }
            assertThatThrownBy(() -> statement.executeUpdate(
                    "UPDATE settlements SET input_amount = input_amount + 1 WHERE id = 'big'"))
                    .as("2^128 is refused").isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23514");
        }
    }

    /** Byte order, whatever collation the database was created with: the keyset order of the domain. */
    @Test
    void keyColumnsSortLikeJavaStrings() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT attname, collname FROM pg_attribute"
                     + " JOIN pg_collation ON pg_collation.oid = attcollation"
                     + " WHERE attrelid = 'settlements'::regclass AND attname IN"
                     + " ('id', 'intent_id', 'solver_id', 'user_address') ORDER BY attname")) {
            List<String> collations = new ArrayList<>();
            while (rows.next()) {
                collations.add(rows.getString(1) + "=" + rows.getString(2));
            }
            assertThat(collations).containsExactly("id=C", "intent_id=C", "solver_id=C", "user_address=C");
        }
        List<String> ids = List.of("s1", "s-2", "S3", "s_0", "s.9", "s:1", "a", "B");
        for (String id : ids) {
            store.create(Settlement.newPending(id, "intent-" + id, null, "cosmos1user", ONE, ONE, T0, T0 + 60), 10);
        }
        List<String> listed = store.list(new SettlementQuery(null, null, null, null, 100, null)).items().stream()
                .map(Settlement::id).toList();
        assertThat(listed).containsExactlyElementsOf(ids.stream().sorted(Comparator.naturalOrder()).toList());
    }

    @Test
    void healthNamesTheBackendAndTheUrl() {
        StoreHealth health = store.health();

        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsEntry("backend", "postgres").containsEntry("url", url);
    }

    @Test
    void healthNeverShowsAPassword() {
        assertThat(PostgresSettlementStore.withoutPassword("jdbc:postgresql://db:5432/s?user=u&password=p&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/s?user=u&ssl=true");
        assertThat(PostgresSettlementStore.withoutPassword("jdbc:postgresql://db/s?sslpassword=k&PASSWORD=p"))
                .isEqualTo("jdbc:postgresql://db/s");
        assertThat(PostgresSettlementStore.withoutPassword("jdbc:postgresql://db/s")).isEqualTo("jdbc:postgresql://db/s");
    }

    @Test
    void anUnreachableServerIsAFastStoreUnavailableAndHealthDown() {
        SettlementStore down = new PostgresSettlementStore("postgres-down", "jdbc:postgresql://127.0.0.1:1/settlements");
        Settlement s = Settlement.newPending("x", "intent-x", "solver-x", "cosmos1user", ONE, ONE, T0, T0 + 60);

        long started = System.nanoTime();
        assertCode(() -> down.create(s, 10), ErrorCode.STORE_UNAVAILABLE);
        assertCode(() -> down.find("x"), ErrorCode.STORE_UNAVAILABLE);
        assertCode(() -> down.list(new SettlementQuery(null, null, null, null, 10, null)), ErrorCode.STORE_UNAVAILABLE);
        StoreHealth health = down.health();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(health.up()).isFalse();
        assertThat(health.details().get("error").toString()).contains("postgres");
        assertThat(elapsed).as("three calls and a health check").isLessThan(Duration.ofSeconds(5));
    }

    /**
     * A foreign transaction makes a create the victim of a deadlock on the create locks: the create's transaction is
     * rolled back by the server, runs again once the other one commits, and succeeds.
     */
    @Test
    void aCreateThatLosesADeadlockRunsAgain() throws Exception {
        Settlement s = Settlement.newPending("d-1", "intent-d", "solver-d", "cosmos1user", ONE, ONE, T0, T0 + 60);
        try (Connection foreign = foreignConnection()) {
            lock(foreign, PostgresSettlementStore.SOLVER_LOCKS, "solver-d");
            CompletableFuture<Void> create = CompletableFuture.runAsync(() -> store.create(s, 10));
            awaitLockWaiters("advisory"); // the create holds the intent lock and waits for the solver lock
            // the cycle closes here; the create has waited longer, so its deadlock check fires first and picks it
            lock(foreign, PostgresSettlementStore.INTENT_LOCKS, "intent-d");
            foreign.commit();

            create.get(30, TimeUnit.SECONDS);
        }
        assertThat(store.find("d-1")).isPresent();
    }

    @Test
    void aCreateQueuedBehindALockHeldElsewhereGivesUpAfterTheLockTimeout() throws Exception {
        Settlement s = Settlement.newPending("t-1", "intent-t", null, "cosmos1user", ONE, ONE, T0, T0 + 60);
        try (Connection foreign = foreignConnection()) {
            lock(foreign, PostgresSettlementStore.INTENT_LOCKS, "intent-t");
            long started = System.nanoTime();
            assertCode(() -> store.create(s, 10), ErrorCode.STORE_UNAVAILABLE);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            foreign.rollback();

            assertThat(waited).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(9)); // lock_timeout=5s
        }
        store.create(s, 10);
        assertThat(store.find("t-1")).isPresent();
    }

    /**
     * A create that passed its checks while another writer of the same id had not committed yet meets that writer at
     * the primary key: DUPLICATE_ID, although the statement it ran names intent_id (it once read INTENT_ALREADY_ACTIVE).
     */
    @Test
    void aCreateThatLosesThePrimaryKeyRaceIsADuplicateId() throws Exception {
        Settlement s = Settlement.newPending("race-id", "intent-store", "solver-store", "cosmos1user", ONE, ONE, T0,
                T0 + 60);
        assertThat(createRacingAnUncommittedRow(s, "race-id", "intent-foreign")).isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThat(store.find("race-id")).map(Settlement::intentId).contains("intent-foreign");
    }

    /** The same race on the other key: another id, but an active settlement of the same intent. */
    @Test
    void aCreateThatLosesTheActiveIntentRaceIsIntentAlreadyActive() throws Exception {
        Settlement s = Settlement.newPending("race-store", "intent-race", null, "cosmos1user", ONE, ONE, T0, T0 + 60);
        assertThat(createRacingAnUncommittedRow(s, "race-foreign", "intent-race"))
                .isEqualTo(ErrorCode.INTENT_ALREADY_ACTIVE);
        assertThat(store.find("race-store")).isEmpty();
    }

    /**
     * Holds a row (foreignId, foreignIntent) inserted but not committed by a foreign transaction, lets a create of
     * {@code s} pass its checks and wait at the insert, commits the row, and returns the code the create failed with.
     */
    private ErrorCode createRacingAnUncommittedRow(Settlement s, String foreignId, String foreignIntent)
            throws Exception {
        try (Connection foreign = foreignConnection()) {
            SettlementTables.insertRow(foreign, foreignId, foreignIntent, "PENDING");
            CompletableFuture<Void> create = CompletableFuture.runAsync(() -> store.create(s, 10));
            awaitLockWaiters("transactionid"); // the create's insert waits for the foreign transaction's outcome
            foreign.commit();
            Throwable failure = catchThrowable(() -> create.get(30, TimeUnit.SECONDS));
            assertThat(failure).as("the create must lose").hasCauseInstanceOf(SettlementException.class);
            return ((SettlementException) failure.getCause()).code();
        }
    }

    /**
     * Why events are numbered when read, not when written: a transaction that inserted its event before another one
     * but commits after it. Numbered in insertion order (a plain identity), its event would land below the one a
     * reader was already given, and a reader continuing from there would never see it.
     */
    @Test
    void anEventCommittedAfterALaterOneComesAfterWhatAReaderWasGiven() throws Exception {
        Settlement slow = Settlement.newPending("slow", "intent-slow", "solver-1", "cosmos1user", ONE, ONE, T0, T0 + 60);
        try (Connection foreign = foreignConnection()) {
            try (PreparedStatement insert = foreign.prepareStatement("INSERT INTO settlement_events"
                    + " (event_type, event_time, settlement_id, solver_id, payload) VALUES (?, ?, ?, ?, ?)")) {
                ChangeEvent event = ChangeEvent.created(slow);
                insert.setString(1, event.type());
                insert.setLong(2, event.time());
                insert.setString(3, event.settlementId());
                insert.setString(4, event.solverId());
                insert.setString(5, EventFields.encode(event));
                insert.executeUpdate();
            }
            store.create(Settlement.newPending("fast", "intent-fast", null, "cosmos1user", ONE, ONE, T0, T0 + 60), 10);
            EventPage first = store.events(EventQuery.after(0, 10));
            assertThat(first.items()).extracting(ChangeEvent::settlementId).containsExactly("fast");

            foreign.commit();
            EventPage next = store.events(EventQuery.after(first.nextAfter(), 10));
            assertThat(next.items()).extracting(ChangeEvent::settlementId).containsExactly("slow");
            assertThat(next.items().get(0).sequence()).isGreaterThan(first.nextAfter());
            assertThat(store.latestEventSequence()).isEqualTo(next.nextAfter());
        }
    }

    /** Uncommitted events are not numbered: a reader never sees an event whose change may still roll back. */
    @Test
    void anUncommittedEventIsNeitherReadNorNumbered() throws Exception {
        try (Connection foreign = foreignConnection()) {
            try (Statement statement = foreign.createStatement()) {
                statement.executeUpdate("INSERT INTO settlement_events (event_type, event_time, settlement_id, payload)"
                        + " VALUES ('settlement.created', 1, 'ghost', 'unreadable')");
            }
            assertThat(store.latestEventSequence()).isZero();
            assertThat(store.events(EventQuery.after(0, 10)).items()).isEmpty();
            foreign.rollback();
        }
        assertThat(store.latestEventSequence()).isZero();
    }

    private Connection foreignConnection() throws SQLException {
        Connection connection = TestPostgres.connect(new JdbcTarget(url, username, password.orElse("")));
        connection.setAutoCommit(false);
        return connection;
    }

    private static void lock(Connection connection, int kind, String id) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, kind);
            lock.setInt(2, id.hashCode());
            lock.execute();
        }
    }

    /** Waits until a session of this test's database waits for a lock of {@code locktype}. */
    private void awaitLockWaiters(String locktype) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection connection = dataSource.getConnection(); PreparedStatement waiters =
                    connection.prepareStatement("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a"
                            + " ON a.pid = l.pid WHERE l.locktype = ? AND NOT l.granted"
                            + " AND a.datname = current_database()")) {
                waiters.setString(1, locktype);
                try (ResultSet row = waiters.executeQuery()) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no create waited on a lock of type " + locktype);
    }

}
