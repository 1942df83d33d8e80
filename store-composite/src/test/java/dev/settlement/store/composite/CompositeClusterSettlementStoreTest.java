package dev.settlement.store.composite;

import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.RedisClusterTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The store contract on the composite bean with its Redis side on a real Redis Cluster (three masters, three
 * replicas; the client in cluster mode by configuration only) and a fresh PostgreSQL database; the other instance is
 * a second composite with its own cluster client and PostgreSQL pool.
 */
@QuarkusTest
@WithTestResource(value = RedisClusterTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = "hint", value = "composite_cluster"))
class CompositeClusterSettlementStoreTest extends CompositeStoreContract {
}
