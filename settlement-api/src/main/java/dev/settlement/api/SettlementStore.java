package dev.settlement.api;

import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.webhook.WebhookStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage SPI every backend implements. The state machine is not the store's business: the
 * {@link SettlementManager} decides what the next record is; the store makes each write atomic and
 * conditional, so that correctness never rests on a read the caller made earlier.
 *
 * <p>Every method may throw {@link SettlementException} with {@link ErrorCode#STORE_UNAVAILABLE} when the
 * backend cannot be reached; nothing is half-written in that case.
 */
public interface SettlementStore {

    /**
     * Inserts a new settlement (version 1, empty history) and appends its {@link ChangeEvent#created} event to the
     * feed, in one atomic step that also enforces the rules on
     * active settlements, checked in this order:
     * {@link ErrorCode#DUPLICATE_ID} if the id exists (active or not);
     * {@link ErrorCode#INTENT_ALREADY_ACTIVE} if the intent has an active settlement;
     * {@link ErrorCode#SOLVER_CAPACITY_EXCEEDED} if the solver (when not null) already holds
     * {@code maxActivePerSolver} active settlements. The rules hold under concurrent callers and across
     * several store instances sharing one backend.
     */
    void create(Settlement settlement, int maxActivePerSolver);

    /** The settlement with this id, if any. */
    Optional<Settlement> find(String id);

    /** The newest settlement of an intent, in {@link Settlement#NEWEST_OF_INTENT} order. */
    Optional<Settlement> findNewestByIntent(String intentId);

    /**
     * Compare-and-set: replaces the settlement stored at {@code expectedVersion} with {@code updated} and
     * appends {@code transition} to its history and its {@link ChangeEvent#transitioned} event to the feed, all or
     * nothing.
     * {@link ErrorCode#NOT_FOUND} if there is no such settlement; {@link ErrorCode#VERSION_CONFLICT} if its
     * version is no longer {@code expectedVersion} (nothing is written).
     */
    void update(long expectedVersion, Settlement updated, StateTransition transition);

    /** The transitions of a settlement in sequence order; empty for an unknown id or a new settlement. */
    List<StateTransition> history(String id);

    /**
     * The histories of several settlements at once, by id (every id given is a key; unknown ones map to an empty
     * list). For reading in batches, e.g. a migration; the default asks {@link #history} once per id.
     */
    default Map<String, List<StateTransition>> histories(List<String> ids) {
        Map<String, List<StateTransition>> histories = new LinkedHashMap<>();
        ids.forEach(id -> histories.put(id, history(id)));
        return histories;
    }

    /** A page of {@code query}: at most {@code query.limit()} items in creation order. */
    Page<Settlement> list(SettlementQuery query);

    /** A page of active settlements that expired before {@code query.before()}, in expiry order. */
    Page<Settlement> findStuck(StuckQuery query);

    /** How many settlements are in each status (statuses with none may be missing). */
    Map<SettlementStatus, Long> countByStatus();

    /** How many active settlements expired before {@code before}. */
    long countStuck(long before);

    /**
     * How many active ({@link SettlementStatus#ACTIVE}, i.e. non-terminal) settlements each solver holds, by solver id:
     * only solvers holding at least one are keys; settlements without a solver are not counted. One consistent read
     * where the backend allows it (every backend here reads at one instant: one statement, one script, one lock), so
     * a settlement moving meanwhile is counted before or after its move, never twice or not at all. Reads only; may
     * throw {@link ErrorCode#STORE_UNAVAILABLE} like every method.
     */
    Map<String, Long> activeBySolver();

    // ---- the change feed ---------------------------------------------------------------------------------------------

    /**
     * A page of the feed: the events above {@code query.after()} that match it, in sequence order. Sequences grow in
     * the order changes became visible: once this has returned an event with sequence N, no event below N appears
     * later, whatever the number of concurrent writers and instances (numbers may be skipped, never reused).
     * {@link ErrorCode#EVENTS_EXPIRED} if {@code query.after()} is below the last event {@link #pruneEvents} removed.
     */
    EventPage events(EventQuery query);

    /** The highest sequence visible in the feed; 0 when it has none. Reading from here misses nothing later. */
    long latestEventSequence();

    /**
     * Removes the events older than {@code before} (epoch seconds), oldest first; returns how many. Readers asking for
     * what was removed get {@link ErrorCode#EVENTS_EXPIRED} from then on.
     */
    long pruneEvents(long before);

    /**
     * Copies events into this feed with their sequences, for a migration or an archive: one already here (same
     * sequence) is left as it is, and events written here later get higher sequences than any imported.
     */
    void importEvents(List<ChangeEvent> events);

    /** The backend's webhook endpoints and deliveries. */
    WebhookStore webhooks();

    // ---- migration --------------------------------------------------------------------------------------------

    /**
     * Copies settlements with their whole histories into this store as they are, for a migration; returns what it
     * did with each, in the order given. Each settlement is one atomic step (record and history, both or neither):
     * <ul>
     * <li>absent here: inserted ({@link ImportOutcome#COPIED});</li>
     * <li>here at a lower version: record and history replaced, the given ones being newer
     * ({@link ImportOutcome#UPDATED});</li>
     * <li>here at the same or a higher version: left alone ({@link ImportOutcome#ALREADY_PRESENT}).</li>
     * </ul>
     * So importing the same batch twice writes nothing the second time. The creation rules are not checked (the
     * source checked them when the settlements were made), with one exception that would otherwise corrupt this
     * store's own bookkeeping: an active settlement whose intent has another active settlement here is refused with
     * {@link ErrorCode#INTENT_ALREADY_ACTIVE}. A store may write a whole batch in one transaction; after an error,
     * any part of the batch may or may not be there, and importing it again is safe.
     */
    List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch);

    /** The checkpoint a migration saved here under the name {@code migration}, if any. */
    Optional<String> migrationCheckpoint(String migration);

    /** Saves (or replaces) the checkpoint of the migration named {@code migration}, atomically. */
    void saveMigrationCheckpoint(String migration, String checkpoint);

    /** Whether the backend answers now; readiness reports this. Never throws. */
    StoreHealth health();
}
