package dev.settlement.store.sqlite;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementOutcome;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StateTransition;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.StuckQuery;
import dev.settlement.api.Uint128;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.store.jpa.JpaSettlementStore;
import dev.settlement.store.jpa.SqlBackendContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: SQLite's schema, pragmas, atomicity, health and failures. */
@QuarkusTest
class SqliteBackendTest extends SqlBackendContract {

    @Inject
    @Identifier("sqlite")
    SettlementStore store;

    @Inject
    @DataSource(SqliteSettlementStore.UNIT)
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
        return new SqliteSettlementStore();
    }

    @Test
    void everyPooledConnectionRunsWalWithABusyTimeoutAndForeignKeys() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // held at once, so the pool must hand out three different connections
                Connection connection = dataSource.getConnection();
                held.add(connection);
                assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(connection, "busy_timeout")).isEqualTo("30000");
                assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void amountsAreStoredAsDecimalText() throws SQLException {
        store.create(Settlement.newPending("big", "intent-big", null, "cosmos1user",
                new Asset("cosmoshub-4", "uatom", Uint128.MAX), ONE, T0, T0 + 60), 10);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT typeof(input_amount), input_amount FROM settlements WHERE id = 'big'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("text");
            assertThat(row.getString(2)).isEqualTo("340282366920938463463374607431768211455");
        }
    }

    @Test
    void healthNamesTheBackendAndTheFile() {
        StoreHealth health = store.health();

        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsEntry("backend", "sqlite")
                .containsEntry("path", Path.of("target/sqlite-store-test.db").toAbsolutePath().normalize().toString());
    }

    @Test
    void aFileThatCannotBeOpenedMakesTheStoreUnavailableAndHealthDown() {
        SettlementStore broken = new SqliteSettlementStore("sqlite-broken");
        Settlement s = Settlement.newPending("x", "intent-x", null, "cosmos1user", ONE, ONE, T0, T0 + 60);

        // each failed connection attempt takes about a second, so one write, one read and health suffice
        assertCode(() -> broken.create(s, 10), ErrorCode.STORE_UNAVAILABLE);
        assertCode(() -> broken.find("x"), ErrorCode.STORE_UNAVAILABLE);
        assertDown(broken);
    }

    /**
     * SQLite opens a file its process may not write read-only, and reads go on: health finds out by writing (and the
     * service's start and readiness with it), naming the file and SQLite's reason.
     */
    @Test
    void aFileThatCannotBeWrittenMakesHealthDownWithTheReason() {
        store.create(Settlement.newPending("kept", "intent-kept", null, "cosmos1user", ONE, ONE, T0, T0 + 60), 10);
        SettlementStore readOnly = new SqliteSettlementStore("sqlite-readonly");

        StoreHealth health = readOnly.health();

        assertThat(health.up()).isFalse();
        assertThat(health.details().get("error").toString()).startsWith("sqlite file ").contains("cannot be written")
                .containsIgnoringCase("readonly");
        assertThat(readOnly.find("kept")).isPresent();
        assertCode(() -> readOnly.create(Settlement.newPending("refused", "intent-refused", null, "cosmos1user", ONE,
                ONE, T0, T0 + 60), 10), ErrorCode.STORE_UNAVAILABLE);
        assertThat(store.health().up()).as("the writable store beside it").isTrue();
    }

    @Test
    void aPersistenceUnitThatDoesNotExistMakesEveryCallUnavailableAndHealthDown() {
        SettlementStore unconfigured = new SqliteSettlementStore("no-such-unit");
        Settlement s = Settlement.newPending("x", "intent-x", null, "cosmos1user", ONE, ONE, T0, T0 + 60);
        List<Consumer<SettlementStore>> calls = List.of(
                st -> st.create(s, 10),
                st -> st.find("x"),
                st -> st.findNewestByIntent("intent-x"),
                st -> st.update(1, s, new StateTransition(1, SettlementStatus.PENDING, SettlementStatus.FAILED, T0,
                        "failed", null, ACTOR)),
                st -> st.history("x"),
                st -> st.list(new SettlementQuery(null, null, null, null, 10, null)),
                st -> st.findStuck(new StuckQuery(T0, 10, null)),
                SettlementStore::countByStatus,
                st -> st.countStuck(T0),
                st -> st.events(EventQuery.after(0, 10)),
                SettlementStore::latestEventSequence,
                st -> st.pruneEvents(T0),
                st -> st.importEvents(List.of(ChangeEvent.created(s).withSequence(1))),
                st -> st.webhooks().endpoints(),
                st -> st.webhooks().enqueue("e", 0, 1, List.of()),
                st -> st.webhooks().dueDeliveries(T0, 10));
        for (Consumer<SettlementStore> call : calls) {
            assertCode(() -> call.accept(unconfigured), ErrorCode.STORE_UNAVAILABLE);
        }
        assertDown(unconfigured);
    }

    /**
     * One writer at a time commits in the order writers start, so each event is numbered as it is inserted (the
     * migration's trigger), in the writer's transaction: a read of the feed finds nothing to number and writes nothing.
     */
    @Test
    void eventsAreNumberedAsTheyAreWritten() throws SQLException {
        store.create(Settlement.newPending("s-1", "intent-1", null, "cosmos1user", ONE, ONE, T0, T0 + 60), 10);
        store.create(Settlement.newPending("s-2", "intent-2", null, "cosmos1user", ONE, ONE, T0, T0 + 60), 10);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT settlement_id, sequence FROM settlement_events ORDER BY id")) {
            List<String> numbered = new ArrayList<>();
            while (rows.next()) {
                numbered.add(rows.getString(1) + "=" + rows.getObject(2));
            }
            assertThat(numbered).containsExactly("s-1=1", "s-2=2");
        }
    }

    /** Two instances (own pools, own writer locks: like two processes) writing flat out on one file. */
    @Test
    void writersOnTwoInstancesNeverSeeALockedDatabase() throws Exception {
        SettlementPolicy policy = new SettlementPolicy(1800, 1000, 3600);
        List<SettlementManager> instances = List.of(new SettlementManager(store, policy, Clock.systemUTC()),
                new SettlementManager(new SqliteSettlementStore("sqlite-other"), policy, Clock.systemUTC()));
        int threads = 8;
        int lifecyclesPerThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SettlementManager manager = instances.get(t % 2);
                String prefix = "t" + t + "-";
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < lifecyclesPerThread; i++) {
                        runLifecycle(manager, prefix + i);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS); // rethrows whatever a writer hit
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.countByStatus()).containsEntry(SettlementStatus.COMPLETE, (long) threads * lifecyclesPerThread);
    }

    static void runLifecycle(SettlementManager manager, String id) {
        manager.create(new NewSettlement(id, "intent-" + id, "solver-1", "cosmos1user", ONE, ONE, null));
        manager.advance(id, new SettlementEvent.UserLocked("escrow-" + id, null), null, ACTOR);
        manager.advance(id, new SettlementEvent.SolverLocked("bond-" + id, null), null, ACTOR);
        manager.advance(id, new SettlementEvent.IbcTransferStarted(1, null), null, ACTOR);
        manager.complete(id, new SettlementOutcome.Success(BigInteger.ONE, null), null, ACTOR);
    }

    private static void assertDown(SettlementStore unreachable) {
        StoreHealth health = unreachable.health();
        assertThat(health.up()).isFalse();
        assertThat(health.details().get("error").toString()).contains("sqlite");
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(code);
    }
}
