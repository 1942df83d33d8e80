package dev.settlement.store.composite;

import dev.settlement.api.StoreBackend;
import dev.settlement.store.postgres.PostgresSettlementStore;
import java.util.Set;

/**
 * {@code composite}: active settlements in Redis, finished ones archived to PostgreSQL
 * ({@link CompositeSettlementStore}).
 */
public final class CompositeBackend implements StoreBackend {
    public static final String NAME = "composite";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> datasources() {
        return Set.of(PostgresSettlementStore.UNIT);
    }
}
