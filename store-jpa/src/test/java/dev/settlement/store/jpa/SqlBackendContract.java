package dev.settlement.store.jpa;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static dev.settlement.api.StoreTestSupport.assertCode;
import static dev.settlement.store.jpa.SettlementTables.insertRow;
import static dev.settlement.store.jpa.SettlementTables.insertTransitionWithoutActor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventQuery;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every SQL backend's schema and store must do beyond the store contract, checked against its real database:
 * each backend's test extends this and adds what is its own (types, locks, pragmas, health).
 */
public abstract class SqlBackendContract {
    protected static final long T0 = 1_800_000_000L;
    protected static final Asset ONE = new Asset("cosmoshub-4", "uatom", BigInteger.ONE);

    /** The store under test, on {@link #dataSource()}. */
    protected abstract SettlementStore store();

    protected abstract DataSource dataSource();

    /** A store of the backend's class, only asked {@link JpaSettlementStore#violatedKey}. */
    protected abstract JpaSettlementStore classifier();

    @BeforeEach
    void emptyDatabase() {
        SettlementTables.empty(dataSource());
    }

    @Test
    void theSchemaItselfKeepsOneActiveSettlementPerIntent() throws SQLException {
        insertRow(dataSource(), "a", "intent-1", "FAILED");
        insertRow(dataSource(), "b", "intent-1", "PENDING"); // a terminal one does not count
        assertThat(classifier().violatedKey(violation(() -> insertRow(dataSource(), "c", "intent-1", "EXECUTING"))))
                .contains(JpaSettlementStore.UniqueKey.ACTIVE_INTENT);
        assertThat(classifier().violatedKey(violation(() -> insertRow(dataSource(), "d", "intent-2", "LOST"))))
                .as("unknown statuses are refused, and no key was broken").isEmpty();
    }

    /** A create that loses a race is told apart by the key it broke; a transition recorded twice is a fault. */
    @Test
    void onlyTheTwoKeysOfTheSettlementsTableAreDomainErrors() throws SQLException {
        insertRow(dataSource(), "k-1", "intent-k", "PENDING");
        assertThat(classifier().violatedKey(violation(() -> insertRow(dataSource(), "k-1", "intent-other", "FAILED"))))
                .contains(JpaSettlementStore.UniqueKey.SETTLEMENT_ID);
        assertThat(classifier().violatedKey(violation(() -> insertRow(dataSource(), "k-2", "intent-k", "PENDING"))))
                .contains(JpaSettlementStore.UniqueKey.ACTIVE_INTENT);
        insertTransitionWithoutActor(dataSource(), "k-1", 1);
        assertThat(classifier().violatedKey(violation(() -> insertTransitionWithoutActor(dataSource(), "k-1", 1))))
                .as("a transition recorded twice is no domain error").isEmpty();
    }

    @Test
    void aTransitionWrittenBeforeActorsWereKeptReadsAsUnknown() throws SQLException {
        store().create(Settlement.newPending("old", "intent-old", null, "cosmos1user", ONE, ONE, T0, T0 + 60), 10);
        insertTransitionWithoutActor(dataSource(), "old", 1);

        assertThat(store().history("old")).extracting(StateTransition::actor).containsExactly(StateTransition.UNKNOWN);
    }

    @Test
    void aTransitionThatCannotBeRecordedLeavesTheSettlementUnchanged() {
        Settlement created = Settlement.newPending("s-1", "intent-1", null, "cosmos1user", ONE, ONE, T0, T0 + 60);
        store().create(created, 10);
        Settlement locked = next(created, SettlementStatus.USER_LOCKED);
        StateTransition first = new StateTransition(1, SettlementStatus.PENDING, SettlementStatus.USER_LOCKED,
                T0, "locked", null, ACTOR);
        store().update(1, locked, first);

        // the record update succeeds, then the transition collides with sequence 1: both must be rolled back
        Settlement failed = next(locked, SettlementStatus.FAILED);
        assertCode(() -> store().update(2, failed, first), ErrorCode.STORE_UNAVAILABLE);

        assertThat(store().find("s-1")).contains(locked);
        assertThat(store().history("s-1")).containsExactly(first);
        assertThat(store().events(EventQuery.after(0, 10)).items()).as("no event of the change rolled back")
                .extracting(ChangeEvent::settlement).containsExactly(created, locked);
    }

    @Test
    void theLargestIbcSequenceRoundTrips() {
        Settlement created = Settlement.newPending("s-1", "intent-1", null, "cosmos1user", ONE, ONE, T0, T0 + 60);
        store().create(created, 10);
        Settlement executing = new Settlement("s-1", "intent-1", null, "cosmos1user", ONE, ONE,
                SettlementStatus.EXECUTING, "e", "b", Long.MAX_VALUE, T0, T0 + 1, T0 + 60, null, null, 2);
        store().update(1, executing, new StateTransition(1, SettlementStatus.PENDING, SettlementStatus.EXECUTING,
                T0 + 1, "test", null, ACTOR));

        assertThat(store().find("s-1")).contains(executing);
    }

    /** Retention removes a backlog longer than one of its transactions takes, oldest first, up to the first event kept. */
    @Test
    void pruningALongBacklogRemovesAllOfItAndKeepsTheRest() {
        Settlement s = Settlement.newPending("p", "intent-p", null, "cosmos1user", ONE, ONE, T0, T0 + 60);
        List<ChangeEvent> events = new ArrayList<>();
        for (int sequence = 1; sequence <= 5000; sequence++) {
            events.add(new ChangeEvent(sequence, sequence <= 4500 ? T0 : T0 + 100, s, null));
        }
        store().importEvents(events);

        assertThat(store().pruneEvents(T0 + 50)).isEqualTo(4500);
        assertThat(store().events(EventQuery.after(4500, 1000)).items()).extracting(ChangeEvent::sequence)
                .hasSize(500).startsWith(4501L);
        assertCode(() -> store().events(EventQuery.after(4499, 10)), ErrorCode.EVENTS_EXPIRED);
    }

    /** A statement run against the database directly. */
    protected interface SqlStatement {
        void run() throws SQLException;
    }

    /** The SQLException {@code statement} fails with. */
    protected static SQLException violation(SqlStatement statement) {
        try {
            statement.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("the statement broke no rule of the schema");
    }

    private static Settlement next(Settlement s, SettlementStatus status) {
        return new Settlement(s.id(), s.intentId(), s.solverId(), s.userAddress(), s.inputAsset(), s.outputAsset(),
                status, s.escrowId(), s.solverBondId(), s.ibcPacketSequence(), s.createdAt(), s.updatedAt() + 1,
                s.expiresAt(), s.completedAt(), s.errorMessage(), s.version() + 1);
    }
}
