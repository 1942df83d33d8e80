package dev.settlement.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.Asset;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StuckQuery;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.store.jpa.SqlCapture;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The plans SQLite makes for the exact statements the store sends: every filtered list, the stuck list and the
 * intent look-up are index searches with no sort, so their time stays flat as rows grow; the capacity count of a
 * create and the active settlements per solver read active settlements only. SQLite uses a partial index
 * only when the query repeats its condition word for word — Hibernate's IN-list padding once broke that silently
 * (the stuck list scanned and sorted the whole table).
 */
@QuarkusTest
class QueryPlanTest {
    private static final PageCursor CURSOR = new PageCursor(1_800_000_000L, "s-500");

    @Inject
    @Identifier("sqlite")
    SettlementStore store;

    @Inject
    @DataSource(SqliteSettlementStore.UNIT)
    AgroalDataSource dataSource;

    @Test
    void listsByStatusSolverIntentAndUserAreIndexSearches() throws SQLException {
        for (PageCursor after : new PageCursor[] {null, CURSOR}) {
            assertIndexSearch(() -> store.list(new SettlementQuery(SettlementStatus.EXECUTING, null, null, null, 100, after)));
            assertIndexSearch(() -> store.list(new SettlementQuery(null, "solver-1", null, null, 100, after)));
            assertIndexSearch(() -> store.list(new SettlementQuery(null, null, "intent-1", null, 100, after)));
            assertIndexSearch(() -> store.list(new SettlementQuery(null, null, null, "cosmos1user", 100, after)));
        }
    }

    @Test
    void theStuckListIsAnIndexSearchInExpiryOrder() throws SQLException {
        assertIndexSearch(() -> store.findStuck(new StuckQuery(1_900_000_000L, 100, null)));
        assertIndexSearch(() -> store.findStuck(new StuckQuery(1_900_000_000L, 100, CURSOR)));
    }

    @Test
    void theNewestSettlementOfAnIntentIsAnIndexSearch() throws SQLException {
        // one intent has a handful of settlements (one active at most): sorting those few rows is allowed
        assertPlan(() -> store.findNewestByIntent("intent-1"), step -> assertThat(step).doesNotStartWith("SCAN"));
    }

    /**
     * Every create of a solver's settlement counts its active ones under the write lock. The count reads the partial
     * index of active settlements per solver: without it SQLite walks the solver's whole history through
     * (solver_id, created_at, id), which grows with every settlement the solver ever finished.
     */
    @Test
    void theCapacityCountOfACreateReadsOnlyTheSolversActiveSettlements() throws SQLException {
        Asset one = new Asset("cosmoshub-4", "uatom", BigInteger.ONE);
        String id = "plan-" + UUID.randomUUID();
        List<String> sent = SqlCapture.during(() -> store.create(Settlement.newPending(id, "intent-" + id, "solver-plan",
                "cosmos1user", one, one, 1_800_000_000L, 1_800_000_060L), 10));
        List<String> counts = sent.stream().filter(sql -> sql.contains("count(") && sql.contains("solver_id")).toList();

        assertThat(counts).as("capacity count among %s", sent).hasSize(1);
        assertThat(plan(counts.get(0))).as("plan of %s", counts.get(0))
                .allSatisfy(step -> assertThat(step).doesNotStartWith("SCAN").doesNotContain("TEMP B-TREE"))
                .anySatisfy(step -> assertThat(step).contains("idx_settlements_active_solver"));
    }

    /**
     * The console's active settlements per solver read the same partial index, in solver order: the active rows only,
     * grouped without a sort, however many finished settlements the table holds.
     */
    @Test
    void activeBySolverReadsOnlyTheActiveSettlementsIndex() throws SQLException {
        assertSearch(store::activeBySolver, "idx_settlements_active_solver");
    }

    /**
     * A read of the feed walks the sequence index from the reader's position, filtered or not, so a tailing reader's
     * cost does not grow with the feed; the look for events to number searches the same index for its NULLs.
     */
    @Test
    void feedReadsWalkTheSequenceIndexFromTheReadersPosition() throws SQLException {
        for (EventQuery query : List.of(EventQuery.after(10, 100),
                new EventQuery(10, 100, Set.of("settlement.created", "settlement.failed"), "solver-1"))) {
            List<String> sent = SqlCapture.during(() -> store.events(query));
            assertThat(plan(only(sent, "payload"))).as("page of %s", query)
                    .allSatisfy(step -> assertThat(step).doesNotStartWith("SCAN").doesNotContain("TEMP B-TREE"))
                    .anySatisfy(step -> assertThat(step).contains("ux_settlement_events_sequence"));
            assertThat(plan(only(sent, "sequence IS NULL")))
                    .allSatisfy(step -> assertThat(step).startsWith("SEARCH").contains("ux_settlement_events_sequence"));
        }
    }

    /**
     * The dispatcher's reads of deliveries touch undelivered ones only, through the partial indexes that hold nothing
     * else: what is due, and the first undelivered event of a settlement (asked before every attempt) or of an endpoint.
     */
    @Test
    void theDispatchersReadsOfDeliveriesSearchTheUndeliveredOnesOnly() throws SQLException {
        assertSearch(() -> store.webhooks().dueDeliveries(1_800_000_000L, 100), "idx_webhook_deliveries_due");
        assertSearch(() -> store.webhooks().firstUndelivered("e", "s-1"), "idx_webhook_deliveries_undelivered");
        assertSearch(() -> store.webhooks().firstUndelivered("e", null), "idx_webhook_deliveries_waiting");
    }

    private void assertSearch(Runnable query, String index) throws SQLException {
        List<String> sent = SqlCapture.during(query);
        assertThat(sent).as("statements sent").hasSize(1);
        String sql = sent.get(0);
        assertThat(plan(sql)).as("plan of %s", sql)
                .allSatisfy(step -> assertThat(step).doesNotStartWith("SCAN").doesNotContain("TEMP B-TREE"))
                .anySatisfy(step -> assertThat(step).contains(index));
    }

    private static String only(List<String> sent, String containing) {
        List<String> matching = sent.stream().filter(sql -> sql.contains(containing)).toList();
        assertThat(matching).as("statements containing %s among %s", containing, sent).hasSize(1);
        return matching.get(0);
    }

    private void assertIndexSearch(Runnable query) throws SQLException {
        assertPlan(query, step -> assertThat(step).doesNotStartWith("SCAN").doesNotContain("TEMP B-TREE"));
    }

    private void assertPlan(Runnable query, Consumer<String> eachStep) throws SQLException {
        List<String> sent = SqlCapture.during(query);
        assertThat(sent).as("statements sent").isNotEmpty();
        for (String sql : sent) {
            assertThat(plan(sql)).as("plan of %s", sql).isNotEmpty().allSatisfy(eachStep);
        }
    }

    /** SQLite's plan steps; unbound parameters are NULL, which does not change the index it picks. */
    private List<String> plan(String sql) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                steps.add(rows.getString("detail"));
            }
        }
        return steps;
    }
}
