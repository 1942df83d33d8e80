package dev.settlement.api;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.settlement.api.StoreTestSupport.asset;
import static dev.settlement.api.StoreTestSupport.assertCode;
import static dev.settlement.api.StoreTestSupport.expiring;
import static dev.settlement.api.StoreTestSupport.ids;
import static dev.settlement.api.StoreTestSupport.race;
import static dev.settlement.api.StoreTestSupport.request;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SettlementStore} must show, run against each backend on a real server of its kind.
 * A backend's test extends this and says how to get an empty store; nothing here knows which backend it is.
 *
 * <p>Multi-instance cases race {@link #store} against {@link #otherInstance()}; a backend that can build a second,
 * independent instance on the same data (own connection pool or client) overrides it.
 */
public abstract class SettlementStoreContract implements ChangeFeedContract, WebhookStoreContract {
    protected static final long T0 = StoreTestSupport.T0;
    protected static final int CAPACITY = 3;

    protected SettlementStore store;
    protected MutableClock clock;
    protected SettlementManager manager;
    private final AtomicInteger ids = new AtomicInteger();

    /** An empty store for one test. */
    protected abstract SettlementStore newStore();

    /** A second, independently built store on the same data; by default the same instance. */
    protected SettlementStore otherInstance() {
        return store;
    }

    @BeforeEach
    void setUpStore() {
        store = newStore();
        clock = new MutableClock(T0);
        manager = managerOn(store);
    }

    @Override
    public SettlementStore store() {
        return store;
    }

    @Override
    public SettlementStore secondInstance() {
        return otherInstance();
    }

    @Override
    public SettlementManager manager() {
        return manager;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public SettlementManager managerOn(SettlementStore target) {
        return new SettlementManager(target, new SettlementPolicy(1800, CAPACITY, 3600), clock,
                () -> "gen-" + ids.incrementAndGet(), SettlementListener.NONE);
    }

    // ---- creation and reads -------------------------------------------------------------------------------------

    @Test
    void createThenFindReturnsTheSameRecord() {
        Settlement created = manager.create(request("s-1", "intent-1", "solver-1"));

        assertThat(store.find("s-1")).contains(created);
        assertThat(created.status()).isEqualTo(SettlementStatus.PENDING);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(created.updatedAt()).isEqualTo(T0);
        assertThat(created.expiresAt()).isEqualTo(T0 + 1800);
        assertThat(store.history("s-1")).isEmpty();
    }

    @Test
    void amountsAndOptionalFieldsSurviveLosslessly() {
        Asset max = new Asset("cosmoshub-4", "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
                Uint128.MAX);
        Asset zero = new Asset("osmosis-1", "uosmo", BigInteger.ZERO);
        Settlement created = manager.create(new NewSettlement(null, "intent-x", null, "cosmos1user", max, zero, T0 + 5));

        Settlement read = store.find(created.id()).orElseThrow();
        assertThat(read).isEqualTo(created);
        assertThat(read.inputAsset().amount()).isEqualTo(new BigInteger("340282366920938463463374607431768211455"));
        assertThat(read.solverId()).isNull();
        assertThat(read.escrowId()).isNull();
        assertThat(read.ibcPacketSequence()).isNull();
        assertThat(read.completedAt()).isNull();
        assertThat(read.errorMessage()).isNull();
    }

    @Test
    void unknownIdIsEmpty() {
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.history("nope")).isEmpty();
        assertCode(() -> manager.get("nope"), ErrorCode.NOT_FOUND);
        assertCode(() -> manager.history("nope"), ErrorCode.NOT_FOUND);
    }

    @Test
    void duplicateIdIsRefusedAndLeavesTheOriginal() {
        Settlement original = manager.create(request("s-1", "intent-1", "solver-1"));
        manager.advance("s-1", new SettlementEvent.UserLocked("e-1", null), null, ACTOR);
        manager.fail("s-1", "gave up", null, ACTOR);

        // refused even though the first one is terminal and the intent and solver are free again
        assertCode(() -> manager.create(request("s-1", "intent-2", "solver-2")), ErrorCode.DUPLICATE_ID);
        assertThat(store.find("s-1").orElseThrow().intentId()).isEqualTo(original.intentId());
        assertThat(store.history("s-1")).hasSize(2);
    }

    @Test
    void newestOfIntentPrefersTheActiveOneThenTheLatest() {
        assertThat(store.findNewestByIntent("intent-1")).isEmpty();
        manager.create(request("a", "intent-1", "solver-1"));
        manager.fail("a", "first try failed", null, ACTOR);
        manager.create(request("z", "intent-1", "solver-1")); // same second, larger id: still the active one wins
        assertThat(store.findNewestByIntent("intent-1").orElseThrow().id()).isEqualTo("z");
        manager.fail("z", "second try failed", null, ACTOR);

        clock.advance(10);
        manager.create(request("b", "intent-1", "solver-1"));
        assertThat(store.findNewestByIntent("intent-1").orElseThrow().id()).isEqualTo("b");
        manager.fail("b", "third try failed", null, ACTOR);
        assertThat(store.findNewestByIntent("intent-1").orElseThrow().id()).isEqualTo("b");
        assertThat(store.findNewestByIntent("intent-2")).isEmpty();
    }

    // ---- the rules on active settlements ----------------------------------------------------------------------------

    @Test
    void anIntentHasAtMostOneActiveSettlement() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        assertCode(() -> manager.create(request("s-2", "intent-1", "solver-2")), ErrorCode.INTENT_ALREADY_ACTIVE);
        assertThat(store.find("s-2")).isEmpty();

        manager.complete("s-1", new SettlementOutcome.Timeout(), null, ACTOR);
        assertThat(manager.create(request("s-2", "intent-1", "solver-2")).status()).isEqualTo(SettlementStatus.PENDING);
    }

    @Test
    void aSolverHoldsAtMostItsCapacityOfActiveSettlements() {
        for (int i = 0; i < CAPACITY; i++) {
            manager.create(request("s-" + i, "intent-" + i, "solver-1"));
        }
        assertCode(() -> manager.create(request("s-x", "intent-x", "solver-1")), ErrorCode.SOLVER_CAPACITY_EXCEEDED);
        assertThat(store.find("s-x")).isEmpty();
        // other solvers and settlements without a solver are not affected
        manager.create(request("s-y", "intent-y", "solver-2"));
        manager.create(request("s-z", "intent-z", null));

        manager.fail("s-0", "freed a slot", null, ACTOR);
        assertThat(manager.create(request("s-x", "intent-x", "solver-1")).solverId()).isEqualTo("solver-1");
    }

    @Test
    void ruleViolationsAreReportedInOrderDuplicateIntentCapacity() {
        for (int i = 0; i < CAPACITY; i++) {
            manager.create(request("s-" + i, "intent-" + i, "solver-1"));
        }
        assertCode(() -> manager.create(request("s-0", "intent-0", "solver-1")), ErrorCode.DUPLICATE_ID);
        assertCode(() -> manager.create(request("s-new", "intent-0", "solver-1")), ErrorCode.INTENT_ALREADY_ACTIVE);
        assertCode(() -> manager.create(request("s-new", "intent-new", "solver-1")),
                ErrorCode.SOLVER_CAPACITY_EXCEEDED);
    }

    // ---- status changes and history ---------------------------------------------------------------------------------

    @Test
    void statusUpdateRecordsATransition() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        clock.advance(7);
        Settlement locked = manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", "0xabc"), null, ACTOR);

        assertThat(locked.status()).isEqualTo(SettlementStatus.USER_LOCKED);
        assertThat(locked.escrowId()).isEqualTo("escrow-1");
        assertThat(locked.version()).isEqualTo(2);
        assertThat(locked.updatedAt()).isEqualTo(T0 + 7);
        assertThat(store.find("s-1")).contains(locked);
        assertThat(store.history("s-1")).containsExactly(new StateTransition(1, SettlementStatus.PENDING,
                SettlementStatus.USER_LOCKED, T0 + 7, "User funds locked in escrow escrow-1", "0xabc", ACTOR));
    }

    @Test
    void everyTransitionKeepsItsActor() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, "solver-1");
        String longSubject = "https://issuer.example/users/" + "ü".repeat(200); // a subject is any string
        manager.advance("s-1", new SettlementEvent.SolverLocked("bond-1", null), null, longSubject);
        // a replay by someone else is still a replay: nothing is written, the first actor stays
        manager.advance("s-1", new SettlementEvent.SolverLocked("bond-1", null), null, "operator-2");
        manager.create(expiring("late", T0 + 10));
        clock.advance(3600 + 11);
        manager.recover(StateTransition.SYSTEM);

        assertThat(store.history("s-1")).extracting(StateTransition::actor).containsExactly("solver-1", longSubject);
        assertThat(store.history("late")).extracting(StateTransition::actor).containsExactly(StateTransition.SYSTEM);
        assertThat(store.find("s-1").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void fullLifecycleKeepsEveryTransitionInOrder() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", "0x1"), null, ACTOR);
        clock.advance(1);
        manager.advance("s-1", new SettlementEvent.SolverLocked("bond-1", "0x2"), null, ACTOR);
        clock.advance(1);
        manager.advance("s-1", new SettlementEvent.IbcTransferStarted(42, "0x3"), null, ACTOR);
        clock.advance(1);
        Settlement done = manager.complete("s-1",
                new SettlementOutcome.Success(new BigInteger("5000000"), "0x4"), null, ACTOR);

        assertThat(done.status()).isEqualTo(SettlementStatus.COMPLETE);
        assertThat(done.solverBondId()).isEqualTo("bond-1");
        assertThat(done.ibcPacketSequence()).isEqualTo(42L);
        assertThat(done.completedAt()).isEqualTo(T0 + 3);
        assertThat(done.version()).isEqualTo(5);
        assertThat(store.find("s-1")).contains(done);

        List<StateTransition> history = store.history("s-1");
        assertThat(history).extracting(StateTransition::sequence).containsExactly(1, 2, 3, 4);
        assertThat(history).extracting(StateTransition::toStatus).containsExactly(SettlementStatus.USER_LOCKED,
                SettlementStatus.SOLVER_LOCKED, SettlementStatus.EXECUTING, SettlementStatus.COMPLETE);
        assertThat(history).extracting(StateTransition::fromStatus).containsExactly(SettlementStatus.PENDING,
                SettlementStatus.USER_LOCKED, SettlementStatus.SOLVER_LOCKED, SettlementStatus.EXECUTING);
        assertThat(history).extracting(StateTransition::txHash).containsExactly("0x1", "0x2", "0x3", "0x4");
        assertThat(history).extracting(StateTransition::timestamp).containsExactly(T0, T0 + 1, T0 + 2, T0 + 3);
        assertThat(history.get(3).details()).contains("5000000");
    }

    /** Every (status, change) pair, spelled out rather than derived from the table under test. */
    @Test
    void everyTransitionIsAllowedOrRefusedAsTheStateMachineSays() {
        Map<SettlementStatus, Set<SettlementStatus>> allowed = Map.of(
                SettlementStatus.PENDING, EnumSet.of(SettlementStatus.USER_LOCKED, SettlementStatus.FAILED,
                        SettlementStatus.TIMED_OUT),
                SettlementStatus.USER_LOCKED, EnumSet.of(SettlementStatus.SOLVER_LOCKED, SettlementStatus.FAILED,
                        SettlementStatus.TIMED_OUT),
                SettlementStatus.SOLVER_LOCKED, EnumSet.of(SettlementStatus.EXECUTING, SettlementStatus.FAILED,
                        SettlementStatus.TIMED_OUT),
                SettlementStatus.EXECUTING, EnumSet.of(SettlementStatus.COMPLETE, SettlementStatus.FAILED,
                        SettlementStatus.TIMED_OUT),
                SettlementStatus.COMPLETE, EnumSet.noneOf(SettlementStatus.class),
                SettlementStatus.FAILED, EnumSet.noneOf(SettlementStatus.class),
                SettlementStatus.TIMED_OUT, EnumSet.noneOf(SettlementStatus.class));
        Map<SettlementStatus, Function<String, Settlement>> toTarget = Map.of(
                SettlementStatus.USER_LOCKED, id -> manager.advance(id, new SettlementEvent.UserLocked("e-new", null), null, ACTOR),
                SettlementStatus.SOLVER_LOCKED, id -> manager.advance(id, new SettlementEvent.SolverLocked("b-new", null), null, ACTOR),
                SettlementStatus.EXECUTING, id -> manager.advance(id, new SettlementEvent.IbcTransferStarted(99, null), null, ACTOR),
                SettlementStatus.COMPLETE, id -> manager.advance(id, new SettlementEvent.IbcTransferComplete(null), null, ACTOR),
                SettlementStatus.FAILED, id -> manager.fail(id, "new reason", null, ACTOR),
                SettlementStatus.TIMED_OUT, id -> manager.complete(id, new SettlementOutcome.Timeout(), null, ACTOR));

        int n = 0;
        for (SettlementStatus from : SettlementStatus.values()) {
            for (SettlementStatus to : toTarget.keySet()) {
                String id = "s-" + n++;
                Settlement start = settlementIn(from, id, "intent-" + id);
                if (from == to && (to == SettlementStatus.COMPLETE || to == SettlementStatus.TIMED_OUT)) {
                    // these carry no data, so doing them again is a replay, answered with the record unchanged
                    assertThat(toTarget.get(to).apply(id)).isEqualTo(start);
                    assertThat(store.history(id)).hasSize((int) start.version() - 1);
                } else if (allowed.get(from).contains(to)) {
                    Settlement moved = toTarget.get(to).apply(id);
                    assertThat(moved.status()).as("%s -> %s", from, to).isEqualTo(to);
                    assertThat(moved.version()).isEqualTo(start.version() + 1);
                    assertThat(store.history(id)).last().extracting(StateTransition::fromStatus, StateTransition::toStatus)
                            .containsExactly(from, to);
                } else {
                    assertCode(() -> toTarget.get(to).apply(id), ErrorCode.INVALID_STATE_TRANSITION);
                    assertThat(store.find(id)).as("%s -> %s changes nothing", from, to).contains(start);
                    assertThat(store.history(id)).hasSize((int) start.version() - 1);
                }
                if (!store.find(id).orElseThrow().status().isTerminal()) {
                    manager.fail(id, "cleanup", null, ACTOR); // keep the solver's capacity free
                }
            }
        }
    }

    @Test
    void outcomesRecordWhatHappened() {
        settlementIn(SettlementStatus.EXECUTING, "ok", "intent-ok");
        manager.complete("ok", new SettlementOutcome.Success(Uint128.MAX, "0xdone"), null, ACTOR);
        assertThat(store.history("ok")).last().satisfies(t -> {
            assertThat(t.details()).contains(Uint128.MAX.toString());
            assertThat(t.txHash()).isEqualTo("0xdone");
        });

        settlementIn(SettlementStatus.USER_LOCKED, "soft", "intent-soft");
        Settlement soft = manager.complete("soft", new SettlementOutcome.Failure("rpc down", true), null, ACTOR);
        assertThat(soft.errorMessage()).isEqualTo("rpc down");
        assertThat(store.history("soft")).last().extracting(StateTransition::details).asString()
                .containsIgnoringCase("recoverable").contains("rpc down");

        settlementIn(SettlementStatus.PENDING, "hard", "intent-hard");
        manager.complete("hard", new SettlementOutcome.Failure("bad proof", false), null, ACTOR);
        assertThat(store.history("hard")).last().extracting(StateTransition::details).asString()
                .containsIgnoringCase("permanent");

        settlementIn(SettlementStatus.SOLVER_LOCKED, "ibc", "intent-ibc");
        Settlement ibc = manager.advance("ibc", new SettlementEvent.IbcTransferFailed("packet timeout"), null, ACTOR);
        assertThat(ibc.status()).isEqualTo(SettlementStatus.FAILED);
        assertThat(ibc.errorMessage()).isEqualTo("packet timeout");
    }

    @Test
    void successIsOnlyAllowedFromExecuting() {
        settlementIn(SettlementStatus.SOLVER_LOCKED, "s-1", "intent-1");
        assertCode(() -> manager.complete("s-1", new SettlementOutcome.Success(BigInteger.ONE, null), null, ACTOR),
                ErrorCode.INVALID_STATE_TRANSITION);
        assertThat(store.find("s-1").orElseThrow().status()).isEqualTo(SettlementStatus.SOLVER_LOCKED);
    }

    @Test
    void replaysAreAnsweredWithTheCurrentRecordAndWriteNothing() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        Settlement locked = manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, ACTOR);
        clock.advance(5);

        assertThat(manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", "0xother"), null, ACTOR)).isEqualTo(locked);
        assertThat(manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), 1L, ACTOR))
                .as("a replay under the If-Match it was first sent with").isEqualTo(locked);
        assertCode(() -> manager.advance("s-1", new SettlementEvent.UserLocked("escrow-2", null), null, ACTOR),
                ErrorCode.INVALID_STATE_TRANSITION);
        assertThat(store.history("s-1")).hasSize(1);

        Settlement failed = manager.fail("s-1", "stuck", null, ACTOR);
        assertThat(manager.fail("s-1", "stuck", null, ACTOR)).isEqualTo(failed);
        assertThat(manager.complete("s-1", new SettlementOutcome.Failure("stuck", false), null, ACTOR)).isEqualTo(failed);
        assertCode(() -> manager.fail("s-1", "another reason", null, ACTOR), ErrorCode.INVALID_STATE_TRANSITION);
        assertThat(store.find("s-1")).contains(failed);
        assertThat(store.history("s-1")).hasSize(2);
    }

    @Test
    void storeUpdateIsACompareAndSetOnVersion() {
        Settlement created = manager.create(request("s-1", "intent-1", "solver-1"));
        Settlement moved = StatusChange.failure("x").applyTo(created, T0);
        StateTransition transition = StatusChange.failure("x").transitionFrom(created, T0, ACTOR);
        store.update(1, moved, transition);

        assertCode(() -> store.update(1, moved, transition), ErrorCode.VERSION_CONFLICT);
        assertCode(() -> store.update(7, moved, transition), ErrorCode.VERSION_CONFLICT);
        assertThat(store.find("s-1")).contains(moved);
        assertThat(store.history("s-1")).containsExactly(transition);

        Settlement ghost = StatusChange.failure("x").applyTo(
                Settlement.newPending("ghost", "i", null, "u", created.inputAsset(), created.outputAsset(), T0, T0 + 1), T0);
        assertCode(() -> store.update(1, ghost, transition), ErrorCode.NOT_FOUND);
        assertThat(store.find("ghost")).isEmpty();
    }

    @Test
    void ifMatchPinsTheVersion() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        assertCode(() -> manager.advance("s-1", new SettlementEvent.UserLocked("e", null), 2L, ACTOR), ErrorCode.VERSION_CONFLICT);
        assertThat(store.find("s-1").orElseThrow().version()).isEqualTo(1);
        assertThat(manager.advance("s-1", new SettlementEvent.UserLocked("e", null), 1L, ACTOR).version()).isEqualTo(2);
        assertCode(() -> manager.fail("s-1", "r", 1L, ACTOR), ErrorCode.VERSION_CONFLICT);
        assertCode(() -> manager.complete("s-1", new SettlementOutcome.Timeout(), 99L, ACTOR), ErrorCode.VERSION_CONFLICT);
        assertCode(() -> manager.fail("nope", "r", 1L, ACTOR), ErrorCode.NOT_FOUND);
    }

    // ---- lists and pagination ---------------------------------------------------------------------------------------

    @Test
    void listsFilterAndCount() {
        manager.create(request("a", "intent-a", "solver-1"));
        manager.create(request("b", "intent-b", "solver-2"));
        manager.create(request("c", "intent-c", "solver-1"));
        manager.advance("c", new SettlementEvent.UserLocked("e", null), null, ACTOR);
        manager.create(new NewSettlement("d", "intent-d", null, "cosmos1other", asset("1"), asset("2"), null));

        assertThat(ids(manager.list(SettlementStatus.PENDING, null, null, null, null, null))).containsExactly("a", "b", "d");
        assertThat(ids(manager.list(SettlementStatus.USER_LOCKED, null, null, null, null, null))).containsExactly("c");
        assertThat(ids(manager.list(SettlementStatus.COMPLETE, null, null, null, null, null))).isEmpty();
        assertThat(ids(manager.list(null, "solver-1", null, null, null, null))).containsExactly("a", "c");
        assertThat(ids(manager.list(SettlementStatus.PENDING, "solver-1", null, null, null, null))).containsExactly("a");
        assertThat(ids(manager.list(null, null, "intent-b", null, null, null))).containsExactly("b");
        assertThat(ids(manager.list(null, null, null, "cosmos1other", null, null))).containsExactly("d");
        assertThat(ids(manager.list(null, null, null, null, null, null))).containsExactly("a", "b", "c", "d");
        assertThat(store.countByStatus()).containsEntry(SettlementStatus.PENDING, 3L)
                .containsEntry(SettlementStatus.USER_LOCKED, 1L);
        assertThat(store.countByStatus().getOrDefault(SettlementStatus.FAILED, 0L)).isZero();
    }

    @Test
    void activeBySolverCountsEachSolversActiveSettlementsOnly() {
        assertThat(store.activeBySolver()).isEmpty();
        // terminal ones first, so that solver-1 still has the capacity for three active ones
        settlementIn(SettlementStatus.COMPLETE, "s1-done", "intent-s1-done", "solver-1");
        settlementIn(SettlementStatus.FAILED, "s1-failed", "intent-s1-failed", "solver-1");
        settlementIn(SettlementStatus.PENDING, "s1-a", "intent-s1-a", "solver-1");
        settlementIn(SettlementStatus.USER_LOCKED, "s1-b", "intent-s1-b", "solver-1");
        settlementIn(SettlementStatus.EXECUTING, "s1-c", "intent-s1-c", "solver-1");
        settlementIn(SettlementStatus.TIMED_OUT, "s2-late", "intent-s2-late", "solver-2");
        settlementIn(SettlementStatus.SOLVER_LOCKED, "s2-a", "intent-s2-a", "solver-2");
        settlementIn(SettlementStatus.COMPLETE, "s3-done", "intent-s3-done", "solver-3");
        settlementIn(SettlementStatus.FAILED, "s3-failed", "intent-s3-failed", "solver-3");
        settlementIn(SettlementStatus.PENDING, "nobody", "intent-nobody", null);
        settlementIn(SettlementStatus.EXECUTING, "nobody-2", "intent-nobody-2", null);

        assertThat(store.activeBySolver()).as("solver-3 holds none; settlements without a solver count for no one")
                .isEqualTo(Map.of("solver-1", 3L, "solver-2", 1L));
        assertThat(manager.activeBySolver()).isEqualTo(store.activeBySolver());
    }

    @Test
    void activeBySolverDropsASettlementThatBecomesTerminal() {
        settlementIn(SettlementStatus.PENDING, "a", "intent-a", "solver-1");
        settlementIn(SettlementStatus.EXECUTING, "b", "intent-b", "solver-1");
        settlementIn(SettlementStatus.USER_LOCKED, "c", "intent-c", "solver-2");
        assertThat(store.activeBySolver()).isEqualTo(Map.of("solver-1", 2L, "solver-2", 1L));

        manager.advance("b", new SettlementEvent.IbcTransferComplete("0xdone"), null, ACTOR);
        assertThat(store.activeBySolver()).isEqualTo(Map.of("solver-1", 1L, "solver-2", 1L));
        manager.fail("c", "gave up", null, ACTOR);
        assertThat(store.activeBySolver()).as("a solver with no active settlement left is absent")
                .isEqualTo(Map.of("solver-1", 1L));
        // moving on without leaving the active statuses changes nothing
        manager.advance("a", new SettlementEvent.UserLocked("e-a", null), null, ACTOR);
        assertThat(store.activeBySolver()).isEqualTo(Map.of("solver-1", 1L));
        manager.complete("a", new SettlementOutcome.Timeout(), null, ACTOR);
        assertThat(store.activeBySolver()).isEmpty();
    }

    @Test
    void listsAreOrderedByCreationThenIdAndRespectTheLimit() {
        clock.advance(10);
        manager.create(request("m", "intent-m", null));
        clock.advance(-5);
        manager.create(request("z", "intent-z", null));
        manager.create(request("b", "intent-b", null));
        clock.advance(20);
        manager.create(request("a", "intent-a", null));

        Page<Settlement> all = manager.list(null, null, null, null, null, null);
        assertThat(ids(all)).containsExactly("b", "z", "m", "a");
        assertThat(all.next()).isNull();
        Page<Settlement> two = manager.list(null, null, null, null, 2, null);
        assertThat(ids(two)).containsExactly("b", "z");
        assertThat(two.next()).isNotNull();
        Page<Settlement> exact = manager.list(null, null, null, null, 4, null);
        assertThat(exact.next()).as("no next page when exactly limit rows exist").isNull();
    }

    @Test
    void cursorPagingHasNoDuplicatesOrGapsWhileRecordsChange() {
        List<Settlement> records = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clock.advance(i % 3 == 0 ? 1 : 0); // several per second, so the id tie-break matters
            String id = String.format("s-%02d", 24 - i); // ids against creation order
            records.add(manager.create(request(id, "intent-" + i, null)));
        }
        List<String> created = records.stream().sorted(Settlement.BY_CREATION).map(Settlement::id).toList();
        assertThat(created).startsWith("s-22", "s-23", "s-24", "s-19");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Settlement> page = manager.list(null, null, null, null, 4, cursor);
            seen.addAll(ids(page));
            // move records on every page, seen and not yet seen: their place in the order must not change
            for (Settlement s : page.items()) {
                if (s.status() == SettlementStatus.PENDING) {
                    manager.advance(s.id(), new SettlementEvent.UserLocked("e", null), null, ACTOR);
                }
            }
            String notYetSeen = created.get(created.size() - 1 - pages);
            if (store.find(notYetSeen).orElseThrow().isActive()) {
                manager.fail(notYetSeen, "moved during paging", null, ACTOR);
            }
            cursor = page.next() == null ? null : page.next().encode(PageCursor.Order.CREATION);
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pages).isEqualTo(7);
    }

    @Test
    void filteredPagingWalksOnlyMatchingRecords() {
        for (int i = 0; i < 12; i++) {
            manager.create(new NewSettlement("s-" + (100 + i), "intent-" + i, null,
                    i % 2 == 0 ? "cosmos1even" : "cosmos1odd", asset("1"), asset("1"), null));
        }
        manager.fail("s-104", "not pending any more", null, ACTOR);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Settlement> page = manager.list(SettlementStatus.PENDING, null, null, "cosmos1even", 2, cursor);
            seen.addAll(ids(page));
            cursor = page.next() == null ? null : page.next().encode(PageCursor.Order.CREATION);
        } while (cursor != null);
        assertThat(seen).containsExactly("s-100", "s-102", "s-106", "s-108", "s-110");
    }

    // ---- stuck settlements and recovery ------------------------------------------------------------------------------

    @Test
    void stuckMeansActiveAndExpiredBeforeTheThreshold() {
        manager.create(expiring("late", T0 + 300));
        manager.create(expiring("early", T0 + 100));
        manager.create(expiring("same-a", T0 + 200));
        manager.create(expiring("same-b", T0 + 200));
        manager.create(expiring("done", T0 + 50));
        manager.fail("done", "terminal ones are never stuck", null, ACTOR);
        manager.create(expiring("fresh", T0 + 10_000));

        assertThat(ids(store.findStuck(new StuckQuery(T0 + 301, 100, null))))
                .containsExactly("early", "same-a", "same-b", "late");
        assertThat(ids(store.findStuck(new StuckQuery(T0 + 300, 100, null))))
                .as("expiresAt < before, strictly").containsExactly("early", "same-a", "same-b");
        assertThat(ids(store.findStuck(new StuckQuery(T0 + 100, 100, null)))).isEmpty();
        assertThat(store.countStuck(T0 + 301)).isEqualTo(4);

        Page<Settlement> first = store.findStuck(new StuckQuery(T0 + 301, 2, null));
        assertThat(ids(first)).containsExactly("early", "same-a");
        assertThat(ids(store.findStuck(new StuckQuery(T0 + 301, 2, first.next())))).containsExactly("same-b", "late");

        // the default threshold is now minus the stuck threshold (3600 s here)
        assertThat(ids(manager.findStuck(null, null, null))).isEmpty();
        clock.advance(3600 + 301);
        assertThat(ids(manager.findStuck(null, null, null))).containsExactly("early", "same-a", "same-b", "late");
    }

    @Test
    void recoveryTimesOutEveryStuckSettlementOnce() {
        manager.create(expiring("a", T0 + 100));
        manager.create(expiring("b", T0 + 200));
        manager.advance("b", new SettlementEvent.UserLocked("e", null), null, ACTOR);
        manager.create(expiring("fresh", T0 + 100_000));
        clock.advance(3600 + 1000);

        assertThat(manager.recover(StateTransition.SYSTEM)).isEqualTo(new RecoveryReport(2, 2));
        assertThat(store.find("a").orElseThrow().status()).isEqualTo(SettlementStatus.TIMED_OUT);
        assertThat(store.find("fresh").orElseThrow().status()).isEqualTo(SettlementStatus.PENDING);
        StateTransition last = store.history("b").get(1);
        assertThat(last.fromStatus()).isEqualTo(SettlementStatus.USER_LOCKED);
        assertThat(last.toStatus()).isEqualTo(SettlementStatus.TIMED_OUT);
        assertThat(last.details()).contains(String.valueOf(T0 + 200));

        assertThat(manager.recover(StateTransition.SYSTEM)).isEqualTo(new RecoveryReport(0, 0));
    }

    // ---- concurrency ------------------------------------------------------------------------------------------------

    @Test
    void racingEventsOnOneSettlementHaveExactlyOneWinner() throws Exception {
        manager.create(request("s-1", "intent-1", "solver-1"));
        SettlementManager other = managerOn(otherInstance());
        List<Callable<Settlement>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            SettlementManager m = i % 2 == 0 ? manager : other;
            String escrow = "escrow-" + i;
            racers.add(() -> m.advance("s-1", new SettlementEvent.UserLocked(escrow, null), null, ACTOR));
        }
        List<Object> results = race(racers);

        assertThat(results).filteredOn(r -> r instanceof Settlement).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof SettlementException e
                && e.code() == ErrorCode.INVALID_STATE_TRANSITION).hasSize(15);
        assertThat(store.history("s-1")).hasSize(1);
        assertThat(store.find("s-1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void racingCreatesForOneSolverStopAtItsCapacity() throws Exception {
        SettlementManager other = managerOn(otherInstance());
        List<Callable<Settlement>> racers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SettlementManager m = i % 2 == 0 ? manager : other;
            String n = String.valueOf(i);
            racers.add(() -> m.create(request("s-" + n, "intent-" + n, "busy-solver")));
        }
        List<Object> results = race(racers);

        assertThat(results).filteredOn(r -> r instanceof Settlement).hasSize(CAPACITY);
        assertThat(results).filteredOn(r -> r instanceof SettlementException e
                && e.code() == ErrorCode.SOLVER_CAPACITY_EXCEEDED).hasSize(20 - CAPACITY);
        assertThat(manager.list(null, "busy-solver", null, null, null, null).items()).hasSize(CAPACITY);
    }

    @Test
    void racingCreatesForOneIntentHaveExactlyOneWinner() throws Exception {
        SettlementManager other = managerOn(otherInstance());
        List<Callable<Settlement>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            SettlementManager m = i % 2 == 0 ? manager : other;
            String n = String.valueOf(i);
            racers.add(() -> m.create(request("s-" + n, "hot-intent", null)));
        }
        List<Object> results = race(racers);

        assertThat(results).filteredOn(r -> r instanceof Settlement).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof SettlementException e
                && e.code() == ErrorCode.INTENT_ALREADY_ACTIVE).hasSize(15);
        assertThat(manager.list(null, null, "hot-intent", null, null, null).items()).hasSize(1);
    }

    @Test
    void concurrentLifecyclesLoseAndDuplicateNoTransition() throws Exception {
        SettlementManager other = managerOn(otherInstance());
        int settlements = 12;
        for (int i = 0; i < settlements; i++) {
            manager.create(request("s-" + i, "intent-" + i, null));
        }
        // every step of every settlement is sent twice, from both instances at once: each must land exactly once,
        // and the loser of each pair sees a replay
        List<Function<String, SettlementEvent>> steps = List.of(id -> new SettlementEvent.UserLocked("e-" + id, null),
                id -> new SettlementEvent.SolverLocked("b-" + id, null), id -> new SettlementEvent.IbcTransferStarted(7, null),
                id -> new SettlementEvent.IbcTransferComplete("0xfinal"));
        for (Function<String, SettlementEvent> step : steps) {
            List<Callable<Settlement>> racers = new ArrayList<>();
            for (int i = 0; i < settlements; i++) {
                String id = "s-" + i;
                for (SettlementManager m : List.of(manager, other)) {
                    racers.add(() -> m.advance(id, step.apply(id), null, ACTOR));
                }
            }
            List<Object> results = race(racers);
            assertThat(results).allMatch(r -> r instanceof Settlement);
        }
        for (int i = 0; i < settlements; i++) {
            assertThat(store.history("s-" + i)).extracting(StateTransition::sequence).containsExactly(1, 2, 3, 4);
            assertThat(store.find("s-" + i).orElseThrow().version()).isEqualTo(5);
        }
    }

    @Test
    void recoveryOnTwoInstancesAtOnceTimesOutEachSettlementExactlyOnce() throws Exception {
        int stuck = 30;
        for (int i = 0; i < stuck; i++) {
            manager.create(expiring("s-" + i, T0 + 10 + i));
        }
        clock.advance(3600 + 100);
        SettlementManager other = managerOn(otherInstance());
        List<Callable<RecoveryReport>> runs = List.of(() -> manager.recover(ACTOR),
                () -> other.recover(ACTOR), () -> manager.recover(ACTOR), () -> other.recover(ACTOR));
        List<Object> reports = race(runs);

        assertThat(reports).allMatch(r -> r instanceof RecoveryReport);
        assertThat(reports.stream().mapToInt(r -> ((RecoveryReport) r).timedOut()).sum()).isEqualTo(stuck);
        for (int i = 0; i < stuck; i++) {
            assertThat(store.history("s-" + i)).hasSize(1)
                    .first().extracting(StateTransition::toStatus).isEqualTo(SettlementStatus.TIMED_OUT);
        }
        assertThat(store.countStuck(clock.now())).isZero();
    }

    // ---- migration: imports, batched histories, checkpoints ----------------------------------------------------------

    @Test
    void importCopiesSettlementsWithTheirHistoriesAsTheyAre() {
        SettlementManager elsewhere = managerOn(new InMemorySettlementStore());
        elsewhere.create(request("done", "intent-1", "solver-1"));
        elsewhere.advance("done", new SettlementEvent.UserLocked("e-1", "0xa"), null, ACTOR);
        elsewhere.complete("done", new SettlementOutcome.Failure("no route", true), null, ACTOR);
        clock.advance(1);
        elsewhere.create(new NewSettlement("active", "intent-1", "solver-1", "cosmos1other",
                new Asset("a", "b", Uint128.MAX), asset("0"), T0 + 100));
        elsewhere.advance("active", new SettlementEvent.UserLocked("e-2", null), null, ACTOR);
        List<SettlementWithHistory> exported = exported(elsewhere, "done", "active");

        assertThat(store.importSettlements(exported)).containsExactly(ImportOutcome.COPIED, ImportOutcome.COPIED);

        for (SettlementWithHistory s : exported) {
            assertThat(store.find(s.id())).contains(s.settlement());
            assertThat(store.history(s.id())).isEqualTo(s.history());
        }
        assertThat(store.histories(List.of("active", "done", "unknown")))
                .containsEntry("active", exported.get(1).history()).containsEntry("done", exported.get(0).history())
                .containsEntry("unknown", List.of());
        assertThat(ids(store.list(new SettlementQuery(null, "solver-1", null, null, 10, null))))
                .containsExactly("done", "active");
        assertThat(store.countByStatus()).containsEntry(SettlementStatus.FAILED, 1L)
                .containsEntry(SettlementStatus.USER_LOCKED, 1L);
        assertThat(store.findNewestByIntent("intent-1").orElseThrow().id()).isEqualTo("active");
        assertThat(ids(store.findStuck(new StuckQuery(T0 + 101, 10, null)))).containsExactly("active");
        assertThat(store.activeBySolver()).isEqualTo(Map.of("solver-1", 1L));
        // the imported active settlement counts for the rules and moves on like any other
        assertCode(() -> manager.create(request("again", "intent-1", "solver-2")), ErrorCode.INTENT_ALREADY_ACTIVE);
        assertThat(manager.advance("active", new SettlementEvent.SolverLocked("b-2", null), null, ACTOR).version()).isEqualTo(3);
        assertThat(store.history("active")).hasSize(2);
    }

    @Test
    void importIsIdempotentAndOnlyANewerVersionReplaces() {
        InMemorySettlementStore source = new InMemorySettlementStore();
        SettlementManager elsewhere = managerOn(source);
        elsewhere.create(request("s-1", "intent-1", "solver-1"));
        List<SettlementWithHistory> first = exported(elsewhere, "s-1");
        assertThat(store.importSettlements(first)).containsExactly(ImportOutcome.COPIED);
        assertThat(store.importSettlements(first)).containsExactly(ImportOutcome.ALREADY_PRESENT);

        elsewhere.advance("s-1", new SettlementEvent.UserLocked("e-1", null), null, ACTOR);
        elsewhere.fail("s-1", "given up", null, ACTOR);
        List<SettlementWithHistory> newer = exported(elsewhere, "s-1");
        assertThat(store.importSettlements(newer)).containsExactly(ImportOutcome.UPDATED);
        assertThat(store.importSettlements(first)).as("an older version never replaces a newer one")
                .containsExactly(ImportOutcome.ALREADY_PRESENT);

        assertThat(store.find("s-1")).contains(newer.get(0).settlement());
        assertThat(store.history("s-1")).isEqualTo(newer.get(0).history()).hasSize(2);
        assertThat(store.countByStatus().getOrDefault(SettlementStatus.PENDING, 0L)).isZero();
        assertThat(store.findStuck(new StuckQuery(T0 + 1_000_000, 10, null)).items()).isEmpty();
        assertThat(store.activeBySolver()).isEmpty();
        // now terminal: its intent is free again, and its solver holds nothing
        manager.create(request("s-2", "intent-1", "solver-1"));
        for (int i = 3; i < 2 + CAPACITY; i++) {
            manager.create(request("s-" + i, "intent-" + i, "solver-1"));
        }
        assertCode(() -> manager.create(request("s-9", "intent-9", "solver-1")), ErrorCode.SOLVER_CAPACITY_EXCEEDED);
    }

    @Test
    void importRefusesAnActiveSettlementWhoseIntentIsActiveHere() {
        manager.create(request("here", "intent-1", "solver-1"));
        SettlementManager elsewhere = managerOn(new InMemorySettlementStore());
        elsewhere.create(request("there", "intent-1", "solver-1"));

        assertCode(() -> store.importSettlements(exported(elsewhere, "there")), ErrorCode.INTENT_ALREADY_ACTIVE);
        assertThat(store.find("there")).isEmpty();
        assertThat(store.findNewestByIntent("intent-1").orElseThrow().id()).isEqualTo("here");
    }

    @Test
    void migrationCheckpointsAreKeptByName() {
        assertThat(store.migrationCheckpoint("sqlite /a.db")).isEmpty();
        store.saveMigrationCheckpoint("sqlite /a.db", "running 10 1800000000 s-9");
        store.saveMigrationCheckpoint("postgres jdbc:postgresql://h/db", "complete 3");
        store.saveMigrationCheckpoint("sqlite /a.db", "running 20 1800000001 s-19");

        assertThat(store.migrationCheckpoint("sqlite /a.db")).contains("running 20 1800000001 s-19");
        assertThat(store.migrationCheckpoint("postgres jdbc:postgresql://h/db")).contains("complete 3");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** Settlements as a migration reads them from another store. */
    protected static List<SettlementWithHistory> exported(SettlementManager from, String... ids) {
        List<SettlementWithHistory> exported = new ArrayList<>();
        for (String id : ids) {
            exported.add(new SettlementWithHistory(from.get(id), from.history(id)));
        }
        return exported;
    }

    /** Creates a settlement without a solver and walks it to {@code status} along the lifecycle. */
    protected Settlement settlementIn(SettlementStatus status, String id, String intentId) {
        return settlementIn(status, id, intentId, null);
    }

    /** Creates a settlement of {@code solverId} (may be null) and walks it to {@code status} along the lifecycle. */
    protected Settlement settlementIn(SettlementStatus status, String id, String intentId, String solverId) {
        Settlement s = manager.create(request(id, intentId, solverId));
        switch (status) {
            case PENDING -> {
                return s;
            }
            case FAILED -> {
                return manager.fail(id, "made failed", null, ACTOR);
            }
            case TIMED_OUT -> {
                return manager.complete(id, new SettlementOutcome.Timeout(), null, ACTOR);
            }
            default -> {
            }
        }
        List<SettlementEvent> path = List.of(new SettlementEvent.UserLocked("e-" + id, null),
                new SettlementEvent.SolverLocked("b-" + id, null), new SettlementEvent.IbcTransferStarted(1, null),
                new SettlementEvent.IbcTransferComplete(null));
        for (SettlementEvent event : path) {
            if (s.status() == status) {
                break;
            }
            s = manager.advance(id, event, null, ACTOR);
        }
        assertThat(s.status()).isEqualTo(status);
        return s;
    }
}
