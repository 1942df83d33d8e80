package dev.settlement.api;

import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.webhook.InMemoryWebhookStore;
import dev.settlement.api.webhook.WebhookStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The {@code memory} backend and the reference implementation of the SPI: plain maps under one read-write lock.
 * Every write keeps the indexes below, so the rules of a create are map look-ups, whatever number of settlements the
 * store holds, and lists walk their order from the cursor instead of sorting everything. It is meant for tests and
 * development, not for volume: a filtered list still reads past the settlements it filters out. Nothing survives a
 * restart.
 */
public final class InMemorySettlementStore implements SettlementStore {
    private final Map<String, Settlement> settlements = new HashMap<>();
    private final Map<String, List<StateTransition>> histories = new HashMap<>();
    private final Map<String, String> migrationCheckpoints = new HashMap<>();
    /** The feed by sequence; written under the write lock with the change it records. */
    private final NavigableMap<Long, ChangeEvent> events = new TreeMap<>();
    private long lastSequence;
    /** The highest sequence {@link #pruneEvents} removed: reading from below it is too late. */
    private long prunedThrough;
    private final WebhookStore webhooks = new InMemoryWebhookStore();

    /** Every settlement in list order (createdAt, id). */
    private final NavigableMap<Position, String> byCreation = new TreeMap<>();
    /** The active settlements in stuck order (expiresAt, id). */
    private final NavigableMap<Position, String> activeByExpiry = new TreeMap<>();
    /** The active settlement of each intent that has one (at most one exists). */
    private final Map<String, String> activeOfIntent = new HashMap<>();
    /** How many active settlements each solver holds; solvers holding none are absent. */
    private final Map<String, Integer> activeCountOfSolver = new HashMap<>();
    /** The ids of every settlement of each intent, for the newest of an intent. */
    private final Map<String, Set<String>> ofIntent = new HashMap<>();
    private final Map<SettlementStatus, Long> countByStatus = new EnumMap<>(SettlementStatus.class);

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final LongAdder examined = new LongAdder();

    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        lock.writeLock().lock();
        try {
            if (settlements.containsKey(settlement.id())) {
                throw new SettlementException(ErrorCode.DUPLICATE_ID,
                        "A settlement with id '" + settlement.id() + "' already exists");
            }
            if (activeOfIntent.containsKey(settlement.intentId())) {
                throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE,
                        "Intent '" + settlement.intentId() + "' already has an active settlement");
            }
            if (settlement.solverId() != null
                    && activeCountOfSolver.getOrDefault(settlement.solverId(), 0) >= maxActivePerSolver) {
                throw new SettlementException(ErrorCode.SOLVER_CAPACITY_EXCEEDED, "Solver '" + settlement.solverId()
                        + "' already holds " + maxActivePerSolver + " active settlements");
            }
            put(settlement);
            histories.put(settlement.id(), new ArrayList<>());
            append(ChangeEvent.created(settlement));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<Settlement> find(String id) {
        return read(() -> Optional.ofNullable(settlements.get(id)));
    }

    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        return read(() -> ofIntent.getOrDefault(intentId, Set.of()).stream()
                .map(this::examine)
                .min(Settlement.NEWEST_OF_INTENT));
    }

    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        lock.writeLock().lock();
        try {
            Settlement current = settlements.get(updated.id());
            if (current == null) {
                throw SettlementException.notFound(updated.id());
            }
            if (current.version() != expectedVersion) {
                throw SettlementException.versionConflict(updated.id(), expectedVersion, current.version());
            }
            put(updated);
            histories.get(updated.id()).add(transition);
            append(ChangeEvent.transitioned(updated, transition));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<StateTransition> history(String id) {
        return read(() -> List.copyOf(histories.getOrDefault(id, List.of())));
    }

    @Override
    public Page<Settlement> list(SettlementQuery query) {
        return read(() -> page(byCreation, query.after(), query::matches, query.limit(), Settlement::createdAt));
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        return read(() -> page(activeByExpiry.headMap(new Position(query.before(), ""), false), query.after(),
                query::matches, query.limit(), Settlement::expiresAt));
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        return read(() -> new EnumMap<>(countByStatus));
    }

    @Override
    public long countStuck(long before) {
        return read(() -> (long) activeByExpiry.headMap(new Position(before, ""), false).size());
    }

    @Override
    public Map<String, Long> activeBySolver() {
        return read(() -> {
            Map<String, Long> counts = new HashMap<>();
            activeCountOfSolver.forEach((solver, count) -> counts.put(solver, count.longValue()));
            return counts;
        });
    }

    @Override
    public EventPage events(EventQuery query) {
        return read(() -> {
            if (query.after() < prunedThrough) {
                throw SettlementException.eventsExpired(query.after(), prunedThrough);
            }
            List<ChangeEvent> matching = new ArrayList<>();
            for (ChangeEvent event : events.tailMap(query.after(), false).values()) {
                if (query.matches(event) && matching.size() < query.limit()) {
                    matching.add(event);
                }
                if (matching.size() == query.limit()) {
                    break;
                }
            }
            return EventPage.of(query, matching);
        });
    }

    @Override
    public long latestEventSequence() {
        return read(() -> lastSequence);
    }

    @Override
    public long pruneEvents(long before) {
        lock.writeLock().lock();
        try {
            long removed = 0;
            while (!events.isEmpty() && events.firstEntry().getValue().time() < before) {
                prunedThrough = events.pollFirstEntry().getKey();
                removed++;
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void importEvents(List<ChangeEvent> imported) {
        lock.writeLock().lock();
        try {
            for (ChangeEvent event : imported) {
                events.putIfAbsent(event.sequence(), event);
                lastSequence = Math.max(lastSequence, event.sequence());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
        lock.writeLock().lock();
        try {
            List<ImportOutcome> outcomes = new ArrayList<>();
            for (SettlementWithHistory incoming : batch) {
                Settlement s = incoming.settlement();
                Settlement stored = settlements.get(s.id());
                ImportOutcome outcome = ImportOutcome.of(stored == null ? null : stored.version(), s);
                if (outcome != ImportOutcome.ALREADY_PRESENT) {
                    String activeOfItsIntent = activeOfIntent.get(s.intentId());
                    if (s.isActive() && activeOfItsIntent != null && !activeOfItsIntent.equals(s.id())) {
                        throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE, "Intent '" + s.intentId()
                                + "' already has an active settlement here; '" + s.id() + "' is not imported");
                    }
                    put(s);
                    histories.put(s.id(), new ArrayList<>(incoming.history()));
                }
                outcomes.add(outcome);
            }
            return outcomes;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<String> migrationCheckpoint(String migration) {
        return read(() -> Optional.ofNullable(migrationCheckpoints.get(migration)));
    }

    @Override
    public void saveMigrationCheckpoint(String migration, String checkpoint) {
        lock.writeLock().lock();
        try {
            migrationCheckpoints.put(migration, checkpoint);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StoreHealth health() {
        return StoreHealth.up(Map.of("backend", "memory", "durable", false));
    }

    /**
     * How many stored settlements reads have looked at (and skipped or returned) since this store was made. The rule
     * checks of a create look at none; tests count with this rather than time.
     */
    long settlementsExamined() {
        return examined.sum();
    }

    /** Gives the event the next sequence and appends it. Under the write lock, with the change it records. */
    private void append(ChangeEvent event) {
        lastSequence++;
        events.put(lastSequence, event.withSequence(lastSequence));
    }

    /** Stores {@code settlement} in place of the one of its id, if any, and moves it in every index. Under the lock. */
    private void put(Settlement settlement) {
        Settlement previous = settlements.put(settlement.id(), settlement);
        if (previous != null) {
            unindex(previous);
        }
        byCreation.put(new Position(settlement.createdAt(), settlement.id()), settlement.id());
        ofIntent.computeIfAbsent(settlement.intentId(), intent -> new HashSet<>()).add(settlement.id());
        countByStatus.merge(settlement.status(), 1L, Long::sum);
        if (settlement.isActive()) {
            activeByExpiry.put(new Position(settlement.expiresAt(), settlement.id()), settlement.id());
            activeOfIntent.put(settlement.intentId(), settlement.id());
            if (settlement.solverId() != null) {
                activeCountOfSolver.merge(settlement.solverId(), 1, Integer::sum);
            }
        }
    }

    private void unindex(Settlement settlement) {
        byCreation.remove(new Position(settlement.createdAt(), settlement.id()));
        Set<String> ofItsIntent = ofIntent.get(settlement.intentId());
        ofItsIntent.remove(settlement.id());
        if (ofItsIntent.isEmpty()) {
            ofIntent.remove(settlement.intentId());
        }
        countByStatus.computeIfPresent(settlement.status(), (status, count) -> count == 1 ? null : count - 1);
        if (settlement.isActive()) {
            activeByExpiry.remove(new Position(settlement.expiresAt(), settlement.id()));
            activeOfIntent.remove(settlement.intentId(), settlement.id());
            if (settlement.solverId() != null) {
                activeCountOfSolver.computeIfPresent(settlement.solverId(), (solver, count) -> count == 1 ? null : count - 1);
            }
        }
    }

    /**
     * Up to {@code limit + 1} settlements of {@code index} after the cursor, in its order, that pass {@code filter}.
     * Under the lock.
     */
    private Page<Settlement> page(NavigableMap<Position, String> index, PageCursor after, Predicate<Settlement> filter,
                                  int limit, ToLongFunction<Settlement> key) {
        NavigableMap<Position, String> from = after == null ? index
                : index.tailMap(new Position(after.key(), after.id()), false);
        List<Settlement> rows = new ArrayList<>();
        for (String id : from.values()) {
            Settlement s = examine(id);
            if (filter.test(s)) {
                rows.add(s);
                if (rows.size() > limit) {
                    break;
                }
            }
        }
        return Page.fromOverfetch(rows, limit, key);
    }

    private Settlement examine(String id) {
        examined.increment();
        return settlements.get(id);
    }

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A place in a keyset order: (key, id), as a {@link PageCursor} names one. */
    private record Position(long key, String id) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byKey = Long.compare(key, other.key);
            return byKey != 0 ? byKey : id.compareTo(other.id);
        }
    }
}
