package dev.settlement.store.sqlite;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import dev.settlement.store.jpa.SettlementTables;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;

/** The store contract on a SQLite file, with a second instance (own pool, unit and writer lock) on the same file. */
@QuarkusTest
class SqliteSettlementStoreTest extends SettlementStoreContract {
    @Inject
    @Identifier("sqlite")
    SettlementStore sqlite;

    @Inject
    @DataSource(SqliteSettlementStore.UNIT)
    AgroalDataSource dataSource;

    private final SettlementStore secondInstance = new SqliteSettlementStore("sqlite-other");

    @Override
    protected SettlementStore newStore() {
        SettlementTables.empty(dataSource);
        return sqlite;
    }

    @Override
    protected SettlementStore otherInstance() {
        return secondInstance;
    }
}
