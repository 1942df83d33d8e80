package dev.settlement.store.sqlite;

import dev.settlement.api.StoreBackend;
import java.util.Set;

/** {@code sqlite}: one SQLite file, the embedded default ({@link SqliteSettlementStore}). */
public final class SqliteBackend implements StoreBackend {
    public static final String NAME = "sqlite";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> datasources() {
        return Set.of(SqliteSettlementStore.UNIT);
    }

    /** The embedded default: nothing to run beside the service. */
    @Override
    public boolean isDefault() {
        return true;
    }
}
