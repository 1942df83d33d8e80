package dev.settlement.service.store;

import dev.settlement.api.Page;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StateTransition;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.StuckQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Times every store operation, whatever the backend: {@code settlement_store_operation_seconds} tagged with the
 * operation and its outcome ({@code ok} or the error code). Wraps the selected store once, in the producer.
 */
public final class MeteredSettlementStore implements SettlementStore {
    private final SettlementStore delegate;
    private final MeterRegistry registry;
    private final String backend;

    public MeteredSettlementStore(SettlementStore delegate, MeterRegistry registry, String backend) {
        this.delegate = delegate;
        this.registry = registry;
        this.backend = backend;
    }

    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        timed("create", () -> {
            delegate.create(settlement, maxActivePerSolver);
            return null;
        });
    }

    @Override
    public Optional<Settlement> find(String id) {
        return timed("find", () -> delegate.find(id));
    }

    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        return timed("findNewestByIntent", () -> delegate.findNewestByIntent(intentId));
    }

    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        timed("update", () -> {
            delegate.update(expectedVersion, updated, transition);
            return null;
        });
    }

    @Override
    public List<StateTransition> history(String id) {
        return timed("history", () -> delegate.history(id));
    }

    @Override
    public Page<Settlement> list(SettlementQuery query) {
        return timed("list", () -> delegate.list(query));
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        return timed("findStuck", () -> delegate.findStuck(query));
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        return timed("countByStatus", delegate::countByStatus);
    }

    @Override
    public long countStuck(long before) {
        return timed("countStuck", () -> delegate.countStuck(before));
    }

    @Override
    public StoreHealth health() {
        return delegate.health();
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return call.get();
        } catch (SettlementException e) {
            outcome = e.code().name();
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder("settlement.store.operation")
                    .description("Time spent in the settlement store, per operation and outcome")
                    .tags("backend", backend, "operation", operation, "outcome", outcome)
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
