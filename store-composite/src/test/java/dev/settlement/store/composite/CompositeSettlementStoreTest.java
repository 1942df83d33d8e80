package dev.settlement.store.composite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import dev.settlement.api.StoreHealth;
import dev.settlement.store.redis.RedisSettlementStore;
import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.RedisTestResource;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the composite bean over a real Redis and a fresh PostgreSQL database; the other instance is a
 * second composite with its own Redis client and its own PostgreSQL pool and unit.
 */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = "hint", value = "composite_contract"))
class CompositeSettlementStoreTest extends SettlementStoreContract {
    @Inject
    TestSides sides;

    @Inject
    @RedisClientName("unreachable")
    RedisDataSource unreachable;

    @Override
    protected SettlementStore newStore() {
        sides.empty();
        return sides.composite();
    }

    @Override
    protected SettlementStore otherInstance() {
        return sides.peer();
    }

    @AfterEach
    void leaveNothingBehind() {
        sides.empty();
    }

    @Test
    void healthIsUpWithBothSidesDetails() {
        StoreHealth health = sides.composite().health();

        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsEntry("backend", "composite").containsEntry("redis.backend", "redis")
                .containsEntry("postgres.backend", "postgres").containsKeys("redis.url", "redis.persistent",
                        "postgres.url");
    }

    @Test
    void healthIsDownWhenEitherSideIsDownAndSaysWhich() {
        RedisSettlementStore redisDown = new RedisSettlementStore(() -> unreachable, "redis://127.0.0.1:1",
                sides.prefix());
        StoreHealth noRedis = new CompositeSettlementStore(redisDown, sides.archive()).health();
        StoreHealth noPostgres = new CompositeSettlementStore(sides.hot(), sides.otherArchive("composite-down")).health();

        assertThat(noRedis.up()).isFalse();
        assertThat(noRedis.details().get("error").toString()).contains("redis://127.0.0.1:1");
        assertThat(noPostgres.up()).isFalse();
        assertThat(noPostgres.details().get("error").toString()).contains("postgres");
        assertThat(noPostgres.details()).containsEntry("redis.backend", "redis");
    }
}
