package dev.settlement.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The settlement lifecycle over any {@link SettlementStore}: validation, the state machine, replays,
 * conditional updates and recovery. Stateless apart from its collaborators, so one instance serves all threads.
 *
 * <p>Race-freedom comes from the store: every write is a compare-and-set on the version this manager read.
 * When another writer got there first, the manager reads again and decides again (the second decision is
 * usually "already done" or "no longer allowed"), unless the caller pinned a version with If-Match.
 */
public final class SettlementManager {
    /** Upper bound for one page; the default when the caller gives no limit. */
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    private static final int RECOVERY_BATCH = 500;

    private final SettlementStore store;
    private final SettlementPolicy policy;
    private final Clock clock;
    private final Supplier<String> ids;
    private final SettlementListener listener;

    public SettlementManager(SettlementStore store, SettlementPolicy policy, Clock clock) {
        this(store, policy, clock, () -> UUID.randomUUID().toString(), SettlementListener.NONE);
    }

    public SettlementManager(SettlementStore store, SettlementPolicy policy, Clock clock, Supplier<String> ids,
                             SettlementListener listener) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.ids = ids;
        this.listener = listener;
    }

    /**
     * Starts a settlement: PENDING, version 1, timestamps from the server clock, expiry defaulted.
     * Errors: VALIDATION_FAILED, DUPLICATE_ID, INTENT_ALREADY_ACTIVE, SOLVER_CAPACITY_EXCEEDED.
     * Unlike the changes below it takes no actor: creation is not a transition, so there is no history entry to
     * record one on (the record keeps who solves it, {@code solverId}, and the API has no field for a creator).
     */
    public Settlement create(NewSettlement request) {
        long now = now();
        Validation.checkNew(request, now);
        String id = request.id() != null ? request.id() : ids.get();
        long expiresAt = request.expiresAt() != null ? request.expiresAt() : now + policy.defaultTimeoutSecs();
        Settlement settlement = Settlement.newPending(id, request.intentId(), request.solverId(),
                request.userAddress(), request.inputAsset(), request.outputAsset(), now, expiresAt);
        store.create(settlement, policy.maxConcurrentPerSolver());
        listener.created(settlement);
        return settlement;
    }

    /**
     * The settlement, or NOT_FOUND. An id no settlement can have (creation refuses it) is not looked up at all, nor is
     * such an intent id or list filter below: some databases refuse to compare it (PostgreSQL text holds no NUL; the
     * query fails), and that failure is not the store being unavailable.
     */
    public Settlement get(String id) {
        if (!FieldRules.isIdentifier(id)) {
            throw SettlementException.notFound(id);
        }
        return store.find(id).orElseThrow(() -> SettlementException.notFound(id));
    }

    public List<StateTransition> history(String id) {
        get(id);
        return store.history(id);
    }

    public Settlement newestOfIntent(String intentId) {
        return (FieldRules.isIdentifier(intentId) ? store.findNewestByIntent(intentId) : Optional.<Settlement>empty())
                .orElseThrow(() -> new SettlementException(ErrorCode.NOT_FOUND,
                        "No settlement for intent '" + intentId + "'"));
    }

    /**
     * Applies an on-chain event. {@code ifMatch} (nullable) pins the version the caller saw; {@code actor} is who
     * asks, recorded on the transition (a replay by another actor is still a replay and writes nothing).
     */
    public Settlement advance(String id, SettlementEvent event, Long ifMatch, String actor) {
        Validation.checkEvent(event);
        return change(id, StatusChange.of(event), ifMatch, actor);
    }

    /** Records how the settlement ended (SUCCESS only from EXECUTING), made by {@code actor}. */
    public Settlement complete(String id, SettlementOutcome outcome, Long ifMatch, String actor) {
        Validation.checkOutcome(outcome);
        return change(id, StatusChange.of(outcome), ifMatch, actor);
    }

    public Settlement fail(String id, String reason, Long ifMatch, String actor) {
        Validation.checkReason(reason);
        return change(id, StatusChange.failure(reason), ifMatch, actor);
    }

    /**
     * Fails each settlement at the version given for it (null: whatever version it has), one change each, in the
     * given order. The reason is checked once, first, so a bad one fails none; a settlement that cannot be failed
     * (moved on since that version, already ended, unknown) is left as it is and the others still fail.
     *
     * @return the refusal of each settlement not failed, by id; empty when all were
     */
    public Map<String, SettlementException> failEach(Map<String, Long> versions, String reason, String actor) {
        Validation.checkReason(reason);
        Map<String, SettlementException> refused = new LinkedHashMap<>();
        versions.forEach((id, version) -> {
            try {
                fail(id, reason, version, actor);
            } catch (SettlementException e) {
                refused.put(id, e);
            }
        });
        return refused;
    }

    /**
     * Replay first (an effect already recorded answers with the current record, even under a stale If-Match,
     * as RFC 9110 §13.1.1 allows), then the If-Match precondition, then the state machine, then the write.
     */
    private Settlement change(String id, StatusChange change, Long ifMatch, String actor) {
        while (true) {
            Settlement current = get(id);
            if (change.isRecordedIn(current)) {
                return current;
            }
            if (ifMatch != null && ifMatch != current.version()) {
                throw SettlementException.versionConflict(id, ifMatch, current.version());
            }
            if (!current.status().canMoveTo(change.target())) {
                throw new SettlementException(ErrorCode.INVALID_STATE_TRANSITION, current.status() == change.target()
                        ? "Settlement '" + id + "' is already " + current.status() + " with different data"
                        : "Settlement '" + id + "' cannot move from " + current.status() + " to " + change.target());
            }
            try {
                return write(current, change, actor);
            } catch (SettlementException e) {
                if (e.code() != ErrorCode.VERSION_CONFLICT || ifMatch != null) {
                    throw e;
                }
                // another writer moved it between our read and our write: decide again on what is there now
            }
        }
    }

    private Settlement write(Settlement current, StatusChange change, String actor) {
        Objects.requireNonNull(actor, "actor");
        long now = now();
        Settlement next = change.applyTo(current, now);
        StateTransition transition = change.transitionFrom(current, now, actor);
        store.update(current.version(), next, transition);
        listener.transitioned(current, next, transition);
        return next;
    }

    public Page<Settlement> list(SettlementStatus status, String solverId, String intentId, String userAddress,
                                 Integer limit, String cursor) {
        SettlementQuery query = new SettlementQuery(status, solverId, intentId, userAddress, pageLimit(limit),
                PageCursor.decode(cursor, PageCursor.Order.CREATION));
        if ((solverId != null && !Validation.canBeToken(solverId))
                || (intentId != null && !FieldRules.isIdentifier(intentId))
                || (userAddress != null && !Validation.canBeLongToken(userAddress))) {
            return new Page<>(List.of(), null); // a filter no settlement matches, see get
        }
        return store.list(query);
    }

    /** Active settlements whose expiry is before {@code before} (default: now minus the stuck threshold). */
    public Page<Settlement> findStuck(Long before, Integer limit, String cursor) {
        long threshold = before != null ? before : now() - policy.stuckThresholdSecs();
        Validation.checkBefore(threshold);
        return store.findStuck(new StuckQuery(threshold, pageLimit(limit),
                PageCursor.decode(cursor, PageCursor.Order.EXPIRY)));
    }

    public long countStuck() {
        return store.countStuck(now() - policy.stuckThresholdSecs());
    }

    public Map<SettlementStatus, Long> countByStatus() {
        return store.countByStatus();
    }

    /** Active settlements per solver id, for the console: see {@link SettlementStore#activeBySolver()}. */
    public Map<String, Long> activeBySolver() {
        return store.activeBySolver();
    }

    /**
     * Times out every stuck settlement. Each time-out is a compare-and-set, so several instances may run this at
     * once: each settlement is timed out exactly once, and a run counts only the ones it changed itself. Each time-out
     * records {@code actor}: {@link StateTransition#SYSTEM} for the scheduler, the caller for a run on request.
     */
    public RecoveryReport recover(String actor) {
        long now = now();
        StuckQuery query = new StuckQuery(now - policy.stuckThresholdSecs(), RECOVERY_BATCH, null);
        int examined = 0;
        int timedOut = 0;
        do {
            Page<Settlement> page = store.findStuck(query);
            for (Settlement stuck : page.items()) {
                examined++;
                if (timeOut(stuck, query.before(), actor)) {
                    timedOut++;
                }
            }
            query = new StuckQuery(query.before(), query.limit(), page.next());
        } while (query.after() != null);
        return new RecoveryReport(examined, timedOut);
    }

    private boolean timeOut(Settlement stuck, long before, String actor) {
        Settlement current = stuck;
        while (current.isActive() && current.expiresAt() < before) {
            try {
                write(current, StatusChange.recoveryTimeout(current.expiresAt()), actor);
                return true;
            } catch (SettlementException e) {
                if (e.code() != ErrorCode.VERSION_CONFLICT) {
                    throw e;
                }
                // an event or another instance's recovery got there first; look again
                current = store.find(current.id()).orElse(current);
            }
        }
        return false;
    }

    /** The page size of a list request: {@link #DEFAULT_LIMIT} when none is given, else 1 to {@link #MAX_LIMIT}. */
    public static int pageLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw SettlementException.invalidFields(Map.of("limit", "must be between 1 and " + MAX_LIMIT));
        }
        return limit;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
