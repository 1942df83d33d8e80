package dev.settlement.store.postgres;

import dev.settlement.api.StoreBackend;
import java.util.Set;

/** {@code postgres}: one PostgreSQL database shared by any number of instances ({@link PostgresSettlementStore}). */
public final class PostgresBackend implements StoreBackend {
    public static final String NAME = "postgres";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> datasources() {
        return Set.of(PostgresSettlementStore.UNIT);
    }
}
