package dev.settlement.api;

import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.webhook.WebhookStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store that wraps another one and routes every operation through {@link #around}, so a cross-cutting concern
 * (timing, fault injection …) is written once, whatever the backend. {@link #health()} and {@link #webhooks()} are
 * passed straight through.
 */
public abstract class SettlementStoreDecorator implements SettlementStore {
    protected final SettlementStore delegate;

    protected SettlementStoreDecorator(SettlementStore delegate) {
        this.delegate = delegate;
    }

    /** Runs one operation of the delegate; {@code operation} is the SPI method's name. */
    protected abstract <T> T around(String operation, Supplier<T> call);

    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        around("create", () -> {
            delegate.create(settlement, maxActivePerSolver);
            return null;
        });
    }

    @Override
    public Optional<Settlement> find(String id) {
        return around("find", () -> delegate.find(id));
    }

    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        return around("findNewestByIntent", () -> delegate.findNewestByIntent(intentId));
    }

    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        around("update", () -> {
            delegate.update(expectedVersion, updated, transition);
            return null;
        });
    }

    @Override
    public List<StateTransition> history(String id) {
        return around("history", () -> delegate.history(id));
    }

    @Override
    public Map<String, List<StateTransition>> histories(List<String> ids) {
        return around("histories", () -> delegate.histories(ids));
    }

    @Override
    public Page<Settlement> list(SettlementQuery query) {
        return around("list", () -> delegate.list(query));
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        return around("findStuck", () -> delegate.findStuck(query));
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        return around("countByStatus", delegate::countByStatus);
    }

    @Override
    public long countStuck(long before) {
        return around("countStuck", () -> delegate.countStuck(before));
    }

    @Override
    public Map<String, Long> activeBySolver() {
        return around("activeBySolver", delegate::activeBySolver);
    }

    @Override
    public EventPage events(EventQuery query) {
        return around("events", () -> delegate.events(query));
    }

    @Override
    public long latestEventSequence() {
        return around("latestEventSequence", delegate::latestEventSequence);
    }

    @Override
    public long pruneEvents(long before) {
        return around("pruneEvents", () -> delegate.pruneEvents(before));
    }

    @Override
    public void importEvents(List<ChangeEvent> events) {
        around("importEvents", () -> {
            delegate.importEvents(events);
            return null;
        });
    }

    @Override
    public WebhookStore webhooks() {
        return delegate.webhooks();
    }

    @Override
    public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
        return around("importSettlements", () -> delegate.importSettlements(batch));
    }

    @Override
    public Optional<String> migrationCheckpoint(String migration) {
        return around("migrationCheckpoint", () -> delegate.migrationCheckpoint(migration));
    }

    @Override
    public void saveMigrationCheckpoint(String migration, String checkpoint) {
        around("saveMigrationCheckpoint", () -> {
            delegate.saveMigrationCheckpoint(migration, checkpoint);
            return null;
        });
    }

    @Override
    public StoreHealth health() {
        return delegate.health();
    }
}
