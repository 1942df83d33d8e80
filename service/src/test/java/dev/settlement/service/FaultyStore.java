package dev.settlement.service;

import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.Page;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StateTransition;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.StuckQuery;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A backend that can be switched off, to check how the service behaves while its store is unreachable
 * (503 STORE_UNAVAILABLE, readiness DOWN) and that it recovers when the store returns.
 */
@Singleton
@Identifier("faulty")
public class FaultyStore implements SettlementStore {
    private final SettlementStore delegate = new InMemorySettlementStore();
    private volatile boolean down;

    public void setDown(boolean down) {
        this.down = down;
    }

    private <T> T call(Supplier<T> operation) {
        if (down) {
            throw SettlementException.unavailable("faulty", new java.net.ConnectException("switched off by the test"));
        }
        return operation.get();
    }

    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        call(() -> {
            delegate.create(settlement, maxActivePerSolver);
            return null;
        });
    }

    @Override
    public Optional<Settlement> find(String id) {
        return call(() -> delegate.find(id));
    }

    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        return call(() -> delegate.findNewestByIntent(intentId));
    }

    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        call(() -> {
            delegate.update(expectedVersion, updated, transition);
            return null;
        });
    }

    @Override
    public List<StateTransition> history(String id) {
        return call(() -> delegate.history(id));
    }

    @Override
    public Page<Settlement> list(SettlementQuery query) {
        return call(() -> delegate.list(query));
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        return call(() -> delegate.findStuck(query));
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        return call(delegate::countByStatus);
    }

    @Override
    public long countStuck(long before) {
        return call(() -> delegate.countStuck(before));
    }

    @Override
    public StoreHealth health() {
        return down ? StoreHealth.down("switched off by the test") : delegate.health();
    }
}
