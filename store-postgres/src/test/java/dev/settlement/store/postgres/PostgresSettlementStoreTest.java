package dev.settlement.store.postgres;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import dev.settlement.store.jpa.SettlementTables;
import dev.settlement.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The store contract on a fresh PostgreSQL database; the second instance has its own persistence unit and pool on the
 * same database, so the contract's races run between two pools as between two service instances.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = "hint", value = "store_postgres_contract"))
class PostgresSettlementStoreTest extends SettlementStoreContract {
    @Inject
    @Identifier("postgres")
    SettlementStore postgres;

    @Inject
    @DataSource(PostgresSettlementStore.UNIT)
    AgroalDataSource dataSource;

    @ConfigProperty(name = "settlement.postgres.url")
    String url;

    private SettlementStore peer;

    @Override
    protected SettlementStore newStore() {
        SettlementTables.empty(dataSource);
        if (peer == null) {
            peer = new PostgresSettlementStore("postgres-peer", url);
        }
        return postgres;
    }

    @Override
    protected SettlementStore otherInstance() {
        return peer;
    }
}
