package dev.settlement.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The {@code memory} backend and the reference implementation of the SPI: plain maps under one read-write lock.
 * Queries scan; it is meant for tests and development, not for volume. Nothing survives a restart.
 */
public final class InMemorySettlementStore implements SettlementStore {
    private final Map<String, Settlement> settlements = new HashMap<>();
    private final Map<String, List<StateTransition>> histories = new HashMap<>();
    private final Map<String, String> migrationCheckpoints = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        lock.writeLock().lock();
        try {
            if (settlements.containsKey(settlement.id())) {
                throw new SettlementException(ErrorCode.DUPLICATE_ID,
                        "A settlement with id '" + settlement.id() + "' already exists");
            }
            if (count(s -> s.isActive() && s.intentId().equals(settlement.intentId())) > 0) {
                throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE,
                        "Intent '" + settlement.intentId() + "' already has an active settlement");
            }
            if (settlement.solverId() != null
                    && count(s -> s.isActive() && settlement.solverId().equals(s.solverId())) >= maxActivePerSolver) {
                throw new SettlementException(ErrorCode.SOLVER_CAPACITY_EXCEEDED, "Solver '" + settlement.solverId()
                        + "' already holds " + maxActivePerSolver + " active settlements");
            }
            settlements.put(settlement.id(), settlement);
            histories.put(settlement.id(), new ArrayList<>());
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
        return read(() -> settlements.values().stream()
                .filter(s -> s.intentId().equals(intentId))
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
            settlements.put(updated.id(), updated);
            histories.get(updated.id()).add(transition);
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
        return page(query::matches, Settlement.BY_CREATION, query.limit(), Settlement::createdAt);
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        return page(query::matches, Settlement.BY_EXPIRY, query.limit(), Settlement::expiresAt);
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        return read(() -> {
            Map<SettlementStatus, Long> counts = new EnumMap<>(SettlementStatus.class);
            settlements.values().forEach(s -> counts.merge(s.status(), 1L, Long::sum));
            return counts;
        });
    }

    @Override
    public long countStuck(long before) {
        return read(() -> count(new StuckQuery(before, 1, null)::matches));
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
                    if (s.isActive() && count(other -> other.isActive() && !other.id().equals(s.id())
                            && other.intentId().equals(s.intentId())) > 0) {
                        throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE, "Intent '" + s.intentId()
                                + "' already has an active settlement here; '" + s.id() + "' is not imported");
                    }
                    settlements.put(s.id(), s);
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

    private Page<Settlement> page(Predicate<Settlement> filter, Comparator<Settlement> order, int limit,
                                  ToLongFunction<Settlement> key) {
        return read(() -> Page.fromOverfetch(
                settlements.values().stream().filter(filter).sorted(order).limit(limit + 1L).toList(), limit, key));
    }

    /** Callers hold the lock. */
    private long count(Predicate<Settlement> filter) {
        return settlements.values().stream().filter(filter).count();
    }

    private <T> T read(java.util.function.Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
